"""Small real files for the demo: text PDFs, CSV lists and a structure diagram (PNG)."""

import csv
import io

from ..text import csv_cell


def _pdf_text(value):
    """A PDF string literal in WinAnsi (Latin-1) with (, ) and \\ escaped."""
    raw = value.encode("cp1252", errors="replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(title, lines):
    """A one-page A4 PDF with a title and lines of text (Helvetica), as bytes."""
    content = ["BT", "/F1 18 Tf", "56 780 Td", f"({_pdf_text(title)}) Tj", "/F1 11 Tf", "0 -30 Td"]
    for line in lines:
        content.append(f"({_pdf_text(line)}) Tj")
        content.append("0 -16 Td")
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title (" + _pdf_text(title).encode("latin-1") + b") /Lang (de-DE) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def make_csv(rows):
    """Semicolon-separated UTF-8 CSV (with BOM, so spreadsheet programs read umlauts)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _font(size):
    """DejaVu Sans (umlauts, dashes) where installed, else Pillow's built-in font."""
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType
        return ImageFont.load_default()


def make_structure_diagram(title, top, middle, teams, platform):
    """A PNG diagram: a top box, a middle row, six team boxes and a platform box."""
    from PIL import Image, ImageDraw

    width, height = 1200, 640
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    big, font = _font(26), _font(17)
    navy, light = (11, 83, 148), (227, 238, 249)

    def box(x, y, w, h, text, fill=light, text_font=font, outline=navy):
        draw.rounded_rectangle([x, y, x + w, y + h], radius=10, fill=fill, outline=outline, width=3)
        lines = text.split("\n")
        line_height = text_font.size + 6 if hasattr(text_font, "size") else 16
        start = y + h / 2 - line_height * len(lines) / 2
        for i, line in enumerate(lines):
            draw.text(
                (x + w / 2, start + i * line_height + line_height / 2),
                line,
                fill="black",
                font=text_font,
                anchor="mm",
            )

    draw.text((width / 2, 30), title, fill=navy, font=big, anchor="mm")
    box(380, 60, 440, 80, top, text_font=big)
    box(60, 70, 260, 60, middle)
    draw.line([320, 100, 380, 100], fill=navy, width=3)
    team_w, gap = 175, 18
    total = len(teams) * team_w + (len(teams) - 1) * gap
    left = (width - total) / 2
    draw.line([600, 140, 600, 200], fill=navy, width=3)
    draw.line([left + team_w / 2, 200, left + total - team_w / 2, 200], fill=navy, width=3)
    for i, team in enumerate(teams):
        x = left + i * (team_w + gap)
        draw.line([x + team_w / 2, 200, x + team_w / 2, 240], fill=navy, width=3)
        box(x, 240, team_w, 150, team)
    draw.line([600, 390, 600, 450], fill=navy, width=3)
    box(250, 450, 700, 140, platform, fill=(255, 244, 229), outline=(179, 89, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
