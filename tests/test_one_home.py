"""One home for each thing (issue #16): what the assistant says is in actions/replies.py
and domain.yml's responses; municipalities and substances come from the catalogue.

Reading code may hold Danish words it looks for (actions/reading.py, lexicon.py,
understanding.py, the crisis guard's patterns); code that produces replies may not.
Docstrings and comments are free to quote Danish examples.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORDING = "actions/replies.py"
# Modules that build or send what a person reads, apart from the wording module itself.
SPEAKING = [
    "actions/conversation.py",
    "actions/respond.py",
    "actions/safety.py",
    "actions/base.py",
    "actions/server.py",
    "addons/channels.py",
    *sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "actions" / "unit_catalogue").glob("*.py") if p.name not in ("overview.py", "__main__.py")
    ),
]  # staff tools, not replies
DANISH = re.compile(r"[æøåÆØÅ]|\b(?:du|ikke|jeg|vi|ring|og|kan|har|der|det|til|hvis|telefon)\b", re.I)


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    return [
        (n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


@pytest.mark.parametrize("module", SPEAKING)
def test_no_user_facing_danish_outside_the_wording_module(module):
    prose = [f"{module}:{line}: {text!r}" for line, text in _literals(ROOT / module) if len(text.split()) >= 2 and DANISH.search(text)]
    assert not prose, f"Danish text belongs in {WORDING} or domain.yml:\n" + "\n".join(prose)


def test_municipality_names_are_read_from_the_catalogue():
    names = [
        yaml.safe_load((ROOT / "catalogue" / f).read_text(encoding="utf-8"))["municipality"]["name"]
        for f in ("kobenhavn.yml", "frederiksberg.yml", "gladsaxe.yml", "rodovre.yml")
    ]
    for module in [WORDING, *SPEAKING]:
        for line, text in _literals(ROOT / module):
            assert not any(n in text for n in names), f"{module}:{line} names a municipality: {text!r}"


def test_substances_are_read_from_the_catalogue():
    """No second list of substance ids in code (there were three, and one lacked "stimulants")."""
    substances = yaml.safe_load((ROOT / "catalogue" / "vocabulary.yml").read_text(encoding="utf-8"))["substances"]
    for path in sorted((ROOT / "actions").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                ids = [e.value for e in node.elts if isinstance(e, ast.Constant) and e.value in substances]
                assert len(ids) < 3, f"{path.relative_to(ROOT)}:{node.lineno} lists substances {ids}; read them from the catalogue"
