"""Every user-facing string has its Chinese: no empty or fuzzy msgstr in any zh_Hans catalogue (issue 12)."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2] / "sharepool"
CATALOGUES = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def untranslated(entry: polib.POEntry) -> bool:
    if entry.obsolete:
        return False
    if entry.msgid_plural:
        return not all(entry.msgstr_plural.values()) or not entry.msgstr_plural
    return not entry.msgstr


def test_there_are_catalogues_to_check():
    assert len(CATALOGUES) >= 10


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT).parts[:-3]))
def test_every_message_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))

    empty = [entry.msgid for entry in catalogue if untranslated(entry)]
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags and not entry.obsolete]

    assert empty == []
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT).parts[:-3]))
def test_the_compiled_catalogue_is_up_to_date(path):
    compiled = polib.mofile(str(path.with_suffix(".mo")))
    source = polib.pofile(str(path))

    expected = {
        entry.msgid: entry.msgstr for entry in source if not entry.obsolete and not entry.msgid_plural
    }
    found = {entry.msgid: entry.msgstr for entry in compiled if not entry.msgid_plural and entry.msgid}

    assert {k: v for k, v in expected.items() if k} == found
