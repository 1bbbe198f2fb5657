"""The demo's files: PDFs and the structure diagram (PNG) shipped in files/, CSV lists made here."""

import csv
import io
from pathlib import Path

from wagtail_ehrenamt.text import csv_cell

FILES = Path(__file__).resolve().parent / "files"


def demo_file(name):
    """The bytes of a file shipped with the demo (``files/<name>``)."""
    return (FILES / name).read_bytes()


def make_csv(rows):
    """Semicolon-separated UTF-8 CSV (with BOM, so spreadsheet programs read umlauts)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
