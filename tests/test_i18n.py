"""Every UI string has its Vietnamese translation.

The catalogue is extracted again from the sources into a temporary folder (the working tree is
not touched), merged with locale/vi/LC_MESSAGES/django.po, and every msgid must have a
non-fuzzy msgstr.
"""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOGUE = BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def fresh_catalogue(settings, tmp_path, monkeypatch):
    target = tmp_path / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(CATALOGUE, target / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    monkeypatch.chdir(BASE_DIR)
    call_command(
        "makemessages",
        locale=["vi"],
        no_location=True,
        no_obsolete=True,
        ignore_patterns=[".venv/*", "staticfiles/*", "var/*", "tests/*", "bench/*", "node_modules/*"],
        verbosity=0,
    )
    return polib.pofile(str(target / "django.po"))


def test_every_ui_string_has_a_vietnamese_translation(fresh_catalogue):
    missing = [entry.msgid for entry in fresh_catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in fresh_catalogue.fuzzy_entries()]
    assert missing == [], f"{len(missing)} strings lack a Vietnamese translation: {missing[:40]}"
    assert fuzzy == [], f"{len(fuzzy)} translations are marked fuzzy: {fuzzy[:40]}"


def test_catalogue_has_no_stale_entries():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.obsolete_entries() == []
    assert catalogue.metadata["Language"] == "vi"


def test_placeholders_survive_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}|\{\w+\}")
    wrong = []
    for entry in catalogue.translated_entries():
        if not entry.msgid_plural and sorted(pattern.findall(entry.msgid)) != sorted(
            pattern.findall(entry.msgstr)
        ):
            wrong.append(entry.msgid)
        for msgid_plural, msgstr in entry.msgstr_plural.items():
            if sorted(set(pattern.findall(entry.msgid_plural))) != sorted(set(pattern.findall(msgstr))):
                wrong.append(f"{entry.msgid} [{msgid_plural}]")
    assert wrong == []
