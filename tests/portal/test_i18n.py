"""French first: every app's French catalogue is complete and compiled."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
# the project's own catalogues: not those of the virtualenv, nor of what var/ holds (a benchmark's
# checkout of another project and its virtualenv)
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/fr/LC_MESSAGES/django.po") if not {".venv", "var"} & set(p.relative_to(ROOT).parts)
)


def test_every_app_has_a_french_catalogue():
    apps = {p.parts[len(ROOT.parts)] for p in CATALOGUES}
    assert {"core", "portal", "home", "directory", "workspace", "search"} <= apps


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {e.msgid for e in mo}
    missing = [e.msgid for e in po.translated_entries() if e.msgid not in compiled]
    assert missing == [], f"not compiled (make messages): {missing}"
