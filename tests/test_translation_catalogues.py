"""The shipped catalogues hold exactly the strings the package marks for translation: German
translates every one of them, and each compiled ``.mo`` is its ``.po``.

The strings are extracted afresh (Django's ``makemessages`` over a copy of the package), so a
string added to the code without a German translation fails here, not in front of an editor.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wagtail_ehrenamt"
LOCALE = PACKAGE / "locale"
# The languages whose catalogue follows the code; others (uk, ar) translate the public pages.
SYNCED = ("de", "en")


def msgids(catalogue):
    return {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogues ``makemessages`` makes from the code today, merged with the shipped ones."""
    copy = tmp_path_factory.mktemp("catalogues") / "wagtail_ehrenamt"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    command = [sys.executable, "-m", "django", "makemessages", "--no-obsolete"]
    command += [f"--locale={language}" for language in SYNCED]
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True, timeout=300)
    return {
        language: polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        for language in SYNCED
    }


def shipped(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", SYNCED)
def test_catalogue_holds_exactly_the_strings_of_the_code(extracted, language):
    in_code, in_catalogue = msgids(extracted[language]), msgids(shipped(language))
    assert sorted(in_code - in_catalogue, key=str) == [], "missing: run makemessages"
    assert sorted(in_catalogue - in_code, key=str) == [], "no longer used: run makemessages"


def test_every_string_has_a_german_translation(extracted):
    catalogue = shipped("de")
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []
    # Merging did not mark anything fuzzy either (a changed string keeps no old translation).
    assert [entry.msgid for entry in extracted["de"].fuzzy_entries()] == []


@pytest.mark.parametrize("language", sorted(path.name for path in LOCALE.iterdir()))
def test_compiled_catalogue_is_its_po_file(tmp_path, language):
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(folder / "django.po")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert messages(polib.mofile(str(folder / "django.mo"))) == messages(
        polib.mofile(str(compiled))
    )


def messages(catalogue):
    return {
        (entry.msgctxt, entry.msgid): (entry.msgstr, sorted(entry.msgstr_plural.items()))
        for entry in catalogue
    }
