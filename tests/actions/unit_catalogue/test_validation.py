"""Each kind of mistake staff can make in catalogue/*.yml is reported with file,
unit and field - and the working database is left exactly as it was."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from actions.unit_catalogue.__main__ import main as catalogue_cli
from actions.unit_catalogue.build import build_database
from actions.unit_catalogue.load import CatalogueInvalid


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


BREAKAGES = [
    # (file, old text, new text, expected problem: file, where, field, message fragment)
    (
        "kobenhavn.yml",
        'thu: ["08:00-12:00", "15:00-18:00"]',
        'thu: ["08:00-12:00", "15:00-25:00"]',
        ("kobenhavn.yml", "unit kk-horsholmsgade", "hours[0].week.thu", "'25:00' is not a time of day"),
    ),
    (
        "kobenhavn.yml",
        'mon: ["08:00-12:00", "15:00-18:00"]',
        'mon: ["08:00-12:00", "11:00-18:00"]',
        ("kobenhavn.yml", "unit kk-horsholmsgade", "hours[0].week.mon", "overlap"),
    ),
    (
        "frederiksberg.yml",
        'fri: ["09:00-13:00"]',
        'fredag: ["09:00-13:00"]',
        ("frederiksberg.yml", "unit frb-ungecenter", "hours[0].week.fredag", "unknown weekday"),
    ),
    (
        "gladsaxe.yml",
        "id: glx-brydehuset",
        "id: glx-rusmiddelcenter",
        ("gladsaxe.yml", "unit glx-rusmiddelcenter", "id", "duplicate unit id"),
    ),
    (
        "kobenhavn.yml",
        'phone: "33173316"',
        'phone: "3317331"',
        ("kobenhavn.yml", "unit kk-nyropsgade", "phone", "not a Danish phone number"),
    ),
    (
        "kobenhavn.yml",
        "values: [cannabis, cocaine, party_drugs]",
        "values: [cannabis, cocaine, lsd]",
        ("kobenhavn.yml", "unit kk-pas", "substances.values", "unknown substance 'lsd'"),
    ),
    (
        "rodovre.yml",
        '    ref: rod-std "Tilbud til pårørende" l.212\n    help:',
        "    help:",
        ("rodovre.yml", "unit rod-frivilligcenter", "ref", "missing source"),
    ),
    (
        "gladsaxe.yml",
        'ref: glx-2023 "4.6 Borgerrådgiveren" l.512-522\n  - id: styrelsen',
        'ref: glx-2024 "4.6 Borgerrådgiveren" l.512-522\n  - id: styrelsen',
        ("gladsaxe.yml", "authorities[0]", "ref", "unknown source 'glx-2024'"),
    ),
    (
        "kobenhavn.yml",
        "status: ambiguous\n        note:",
        "status: ambiguous\n        comment:",
        ("kobenhavn.yml", "unit kk-enghavevej", "hours[0].note", "need a note"),
    ),
    (
        "frederiksberg.yml",
        "    contact_via: frb-raadhus\n",
        "    contact_via: frb-radhus\n",
        ("frederiksberg.yml", "unit frb-fkrc", "contact_via", "unknown unit 'frb-radhus'"),
    ),
    ("kobenhavn.yml", "  - topic: bisidder", "  - topic: bisiddere", ("kobenhavn.yml", "facts[5]", "topic", "unknown topic 'bisiddere'")),
    (
        "rodovre.yml",
        "    summary: Bevilger behandling",
        "    sumary: Bevilger behandling",
        ("rodovre.yml", "unit rod-boerne-familie", "sumary", "unknown field"),
    ),
    # Every Danish text has its English wording beside it (issue #17).
    (
        "kobenhavn.yml",
        "    summary_en: Counselling and treatment for young people aged 14 to 24. You can stay anonymous and have up to 5 anonymous talks.\n",
        "",
        ("kobenhavn.yml", "unit kk-u-turn", "summary_en", "missing: the English wording of summary"),
    ),
    (
        "kobenhavn.yml",
        "      - It is for you if you are a parent or close to a child or young person under 25,",
        "      # It is for you if you are a parent or close to a child or young person under 25,",
        ("kobenhavn.yml", "unit kk-enghavevej", "conditions_en", "has 1 text(s) for 2 condition(s)"),
    ),
    (
        "kobenhavn.yml",
        "        note_en: >-\n",
        "        comment_en: >-\n",
        ("kobenhavn.yml", "unit kk-enghavevej", "hours[0].note_en", "missing: the English wording of hours[0].note"),
    ),
    (
        "gladsaxe.yml",
        "    text_en: Gladsaxe Rusmiddelcenter helps people of all ages",
        "    txt_en: Gladsaxe Rusmiddelcenter helps people of all ages",
        ("gladsaxe.yml", "facts[0]", "text_en", "missing: the English wording of text"),
    ),
    (
        "national.yml",
        "    when_en: if you are having thoughts of suicide",
        "    # when_en: if you are having thoughts of suicide",
        ("national.yml", "crisis[1]", "when_en", "missing"),
    ),
    (
        "rodovre.yml",
        "  name_en: Rødovre\n",
        "",
        ("rodovre.yml", "municipality", "name_en", "missing"),
    ),
    (
        "vocabulary.yml",
        '{label: "dagbehandling", label_en: "day treatment"}',
        '{label: "dagbehandling"}',
        ("vocabulary.yml", "help.day", "label_en", "missing"),
    ),
    (
        "kobenhavn.yml",
        '    phone: "70210220"\n',
        '    phone: "70210220"\n    contact_note_en: Call the line.\n',
        ("kobenhavn.yml", "unit kk-paarorende", "contact_note_en", "without the Danish contact_note"),
    ),
]


@pytest.mark.parametrize("file, old, new, expected", BREAKAGES, ids=[f"{b[3][2]}: {b[3][3]}" for b in BREAKAGES])
def test_problem_is_named_and_old_database_kept(catalogue_copy, tmp_path, file, old, new, expected):
    target = tmp_path / "catalogue.db"
    build_database(catalogue_copy, target)
    before = _digest(target)

    _edit(catalogue_copy / file, old, new)
    with pytest.raises(CatalogueInvalid) as error:
        build_database(catalogue_copy, target)

    want_file, want_where, want_field, fragment = expected
    matching = [
        p for p in error.value.problems if (p.file, p.where, p.field) == (want_file, want_where, want_field) and fragment in p.message
    ]
    assert matching, "\n".join(map(str, error.value.problems))
    assert _digest(target) == before, "a broken catalogue must not touch the working database"
    assert list(tmp_path.glob(".catalogue.db.*")) == [], "no temporary file left behind"


def test_all_problems_are_listed_at_once(catalogue_copy):
    _edit(catalogue_copy / "kobenhavn.yml", 'phone: "33173316"', 'phone: "12"')
    _edit(catalogue_copy / "gladsaxe.yml", 'thu: ["09:00-18:00"]', 'thu: ["18:00-09:00"]')
    with pytest.raises(CatalogueInvalid) as error:
        build_database(catalogue_copy, catalogue_copy / "x.db")
    files = {p.file for p in error.value.problems}
    assert {"kobenhavn.yml", "gladsaxe.yml"} <= files


def test_invalid_yaml_names_the_line(catalogue_copy):
    _edit(catalogue_copy / "rodovre.yml", "units:\n", "units:\n  - [unclosed\n")
    with pytest.raises(CatalogueInvalid) as error:
        build_database(catalogue_copy, catalogue_copy / "x.db")
    assert any(p.file == "rodovre.yml" and re.match(r"line \d+", p.where) for p in error.value.problems)


def test_a_comma_in_a_flow_reference_cannot_slip_through(catalogue_copy):
    """An unquoted comma in {…, ref: a, b} silently splits the mapping in YAML;
    strict field checking catches the stray key."""
    _edit(
        catalogue_copy / "kobenhavn.yml",
        "ref: 'kk-2025 \"For dig, som ønsker alkohol- eller stofbehandling\" l.160-164'}",
        'ref: kk-2025 "For dig, som ønsker alkohol- eller stofbehandling" l.160-164}',
    )
    with pytest.raises(CatalogueInvalid) as error:
        build_database(catalogue_copy, catalogue_copy / "x.db")
    assert any("unknown field" in p.message for p in error.value.problems)


def test_cli_reports_problems_and_exit_status(catalogue_copy, tmp_path, capsys):
    target = tmp_path / "c.db"
    assert catalogue_cli(["--catalogue", str(catalogue_copy), "--db", str(target), "build"]) == 0
    before = _digest(target)
    _edit(catalogue_copy / "kobenhavn.yml", 'phone: "33173316"', 'phone: "3317"')
    assert catalogue_cli(["--catalogue", str(catalogue_copy), "--db", str(target), "build"]) == 1
    err = capsys.readouterr().err
    assert "kobenhavn.yml: unit kk-nyropsgade: phone:" in err and "untouched" in err
    assert _digest(target) == before


def test_english_conditions_must_be_a_list_of_the_same_length(catalogue_copy):
    """conditions_en is one text per condition, in order: one too many is named as clearly as one too few."""
    _edit(
        catalogue_copy / "kobenhavn.yml",
        "      - Talk to your counsellor if you are wondering whether Tomsgårdsvej could be right for you.\n",
        "      - Talk to your counsellor if you are wondering whether Tomsgårdsvej could be right for you.\n      - A second text.\n",
    )
    _edit(
        catalogue_copy / "rodovre.yml",
        "    conditions_en:\n      - If you contact KABS directly",
        "    conditions_en: If you contact KABS directly\n    # ",
    )
    with pytest.raises(CatalogueInvalid) as error:
        build_database(catalogue_copy, catalogue_copy / "x.db")
    problems = {(p.file, p.where, p.field): p.message for p in error.value.problems}
    assert "has 2 text(s) for 1 condition(s)" in problems[("kobenhavn.yml", "unit kk-tomsgardsvej", "conditions_en")]
    assert "expected a list" in problems[("rodovre.yml", "unit rod-kabs", "conditions_en")]


def test_on_card_must_be_true_or_false(catalogue_copy):
    _edit(catalogue_copy / "gladsaxe.yml", "on_card: false", "on_card: nej")
    with pytest.raises(CatalogueInvalid) as error:
        build_database(catalogue_copy, catalogue_copy / "x.db")
    problems = {(p.file, p.where, p.field): p.message for p in error.value.problems}
    assert "expected true or false, got 'nej'" in problems[("gladsaxe.yml", "unit glx-rusmiddelcenter", "conditions[0].on_card")]
