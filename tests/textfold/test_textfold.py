"""One normaliser for both servers, and the Rasa server's code does not lean on the action server's."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from textfold import fold, fold_loose, fold_plain

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("typed", ["Hørsholmsgade", "Hoersholmsgade", "HØRSHOLMSGADE!"])
def test_fold_spells_out_aeoeaa_so_both_spellings_meet(typed):
    assert fold(typed) == "hoersholmsgade"


def test_fold_drops_punctuation_and_other_accents():
    assert fold("  Café-besøg, 2200 Kbh. N ") == "cafe besoeg 2200 kbh n"
    assert fold("Señor") == "senor"


@pytest.mark.parametrize("typed", ["Trækker IKKE vejret!", "traekker  ikke vejret", "trakker ikke vejret"])
def test_fold_plain_lets_aeoeaa_spelled_out_or_dropped_meet(typed):
    assert fold_plain(typed) == "trakker ikke vejret"


def test_fold_plain_examples_the_crisis_patterns_rely_on():
    assert fold_plain("Bevidstløs") == fold_plain("bevidstloes") == "bevidstlos"
    assert fold_plain("vågne") == fold_plain("vaagne") == "vagne"


def test_fold_loose_also_ignores_spaces():
    assert fold_loose("Ørne vej") == fold_loose("oernevej") == fold_loose("Ørnevej") == "ornevej"
    assert fold_loose("rodovre") == fold_loose("Rødovre")


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (ROOT / folder).rglob("*.py")]


def test_no_second_normaliser_in_the_servers_code():
    """A second fold() with its own letter table is how æ came to mean 'a' in one server and 'ae' in the other."""
    for path in _python_files("actions", "addons", "rasa_patches"):
        source = path.read_text(encoding="utf-8")
        assert "maketrans" not in source, f"{path.relative_to(ROOT)} folds text itself; use textfold"


def test_the_rasa_servers_plugins_import_nothing_from_the_action_server():
    """The Rasa server must start without actions/ (and its database)."""
    for path in _python_files("addons", "rasa_patches", "textfold"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            assert not any(n == "actions" or n.startswith("actions.") for n in names), f"{path.relative_to(ROOT)} imports {names}"
