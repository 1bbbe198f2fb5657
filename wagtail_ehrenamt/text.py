"""Text hygiene for what leaves the package as a file or comes in through a public form.

One place for the rules every CSV, vCard and iCal value follows:

* :func:`clean_text` turns every kind of line break (CRLF, a lone CR or LF, NEL, U+2028,
  U+2029, vertical tab, form feed) into ``\\n`` and drops the other control characters
  (NUL and the rest of C0 and C1, DEL), so a value cannot end a content line and start a
  property of its own; the vCard and iCal writers then escape ``\\n`` as the formats
  require;
* :func:`csv_cell` also neutralises cells that spreadsheet programs would run as a
  formula (first character ``=``, ``+``, ``-``, ``@``, tab or a line break);
* :func:`strip_bidi_controls` removes the Unicode embedding, override and isolate
  characters (U+202A–U+202E, U+2066–U+2069) that turn the display of a name around.
"""

import re

LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
NEEDS_CLEANING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# A leading + or - is kept when only digits, spaces and ( ) / - follow: a phone number or a
# negative number cannot call anything.
FORMULA_START = re.compile(r"^[=@\t\r\n]|^[+-](?![\d\s()/-]*$)")


def clean_text(value, multiline=True):
    """``value`` as a string with ``\\n`` as its only line break and no control characters.

    With ``multiline=False`` line breaks become spaces.
    """
    text = "" if value is None else str(value)
    if not NEEDS_CLEANING.search(text):  # the common case, kept fast for the feeds
        return text
    text = LINE_BREAKS.sub("\n" if multiline else " ", text)
    return CONTROL_CHARACTERS.sub("", text)


def strip_bidi_controls(value):
    """``value`` without bidirectional embedding, override and isolate characters."""
    return BIDI_CONTROLS.sub("", value) if value else value


def csv_cell(value):
    """A CSV cell: clean text that spreadsheet programs will not run as a formula."""
    text = strip_bidi_controls(clean_text(value))
    if FORMULA_START.match(text):
        return "'" + text
    return text
