"""docs/units.md is what staff proofread against the sources: it must be what the
assistant knows now, not what it knew when someone last ran `make units-doc`."""

from pathlib import Path

from actions.unit_catalogue.overview import render_overview

ROOT = Path(__file__).resolve().parents[3]


def test_docs_units_md_is_generated_from_the_current_catalogue(db):
    committed = (ROOT / "docs" / "units.md").read_text(encoding="utf-8")
    assert committed == render_overview(db), "docs/units.md is out of date: run `make units-doc` and commit it"
