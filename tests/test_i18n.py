"""Every UI string has its Vietnamese translation.

The catalogue is extracted again from the sources into a scratch folder (the working tree is
not touched), merged with locale/vi/LC_MESSAGES/django.po, and every msgid must have a
non-fuzzy msgstr.
"""

import ast
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOGUE = BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"


SOURCES = ["thiduaportal", "units", "campaigns", "nominations", "council", "awards", "templates"]


@pytest.fixture
def fresh_catalogue(settings, tmp_path, monkeypatch):
    # makemessages writes to the locale folder beside the sources it reads, and writes a
    # temporary "<template>.py" beside each template it reads, so it reads a copy of the
    # sources in a scratch folder: the SQLite and PostgreSQL runs may extract at the same time.
    skip = shutil.ignore_patterns("__pycache__", "migrations", "*.pyc")
    for name in SOURCES:
        shutil.copytree(BASE_DIR / name, tmp_path / name, ignore=skip)
    target = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(CATALOGUE, target / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    before = CATALOGUE.read_bytes()
    call_command(
        "makemessages",
        locale=["vi"],
        no_location=True,
        no_obsolete=True,
        ignore_patterns=["*/migrations/*"],
        verbosity=0,
    )
    assert CATALOGUE.read_bytes() == before, "the extraction must not touch the catalogue in the tree"
    catalogue = polib.pofile(str(target / "django.po"))
    assert len(catalogue) > 300, "the extraction found no strings: check the source folders"
    return catalogue


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


# The names xgettext extracts in Python files when makemessages runs (its defaults and
# Django's --keyword list). A string wrapped in any other name is never extracted, so it
# never reaches the catalogue and shows in English, while the test above stays green.
EXTRACTED_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def test_translation_functions_are_imported_under_names_makemessages_extracts():
    wrong = []
    for name in SOURCES:
        for path in sorted((BASE_DIR / name).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                    wrong += [
                        f"{path.relative_to(BASE_DIR)}: {alias.name} as {alias.asname}"
                        for alias in node.names
                        if alias.asname and alias.asname not in EXTRACTED_NAMES
                    ]
    assert wrong == []
