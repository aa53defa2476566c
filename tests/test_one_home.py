"""One home for each thing (issue #16): what the assistant says is in the wording modules -
actions/replies.py (Danish) and actions/replies_en.py (English) - and domain.yml's
responses; municipalities and substances come from the catalogue.

Reading code may hold Danish (and English) words it looks for (actions/reading.py,
lexicon.py, understanding.py, language.py, the crisis guard's patterns); code that produces
replies may hold neither language's prose - log lines and exception messages for staff
aside. Docstrings and comments are free to quote examples.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DANISH_WORDING = "actions/replies.py"
ENGLISH_WORDING = "actions/replies_en.py"
WORDING = [DANISH_WORDING, ENGLISH_WORDING]
# Modules that build or send what a person reads, apart from the wording modules themselves.
SPEAKING = [
    "actions/conversation.py",
    "actions/reply_logic.py",
    "actions/wording.py",
    "actions/respond.py",
    "actions/safety.py",
    "actions/base.py",
    "actions/server.py",
    "addons/channels.py",
    *sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "actions" / "unit_catalogue").glob("*.py") if p.name not in ("overview.py", "__main__.py")
    ),
]  # staff tools, not replies
DANISH = re.compile(r"[æøåÆØÅ]|\b(?:du|ikke|jeg|vi|ring|og|kan|har|der|det|til|hvis|telefon|ingen|klage)\b", re.I)
# Words of English prose that are not Danish words too (no "i", "for", "at", "under", "man").
ENGLISH = re.compile(
    r"\b(?:you|your|you're|we|we're|the|and|call|please|sorry|don't|can't|isn't|open|closed|phone|here|there|"
    r"what|which|when|where|with|not|they|they're|this|that|is|are|it's|i'm|can|help|none|complaints?)\b",
    re.I,
)
# Calls whose strings are for staff or developers: log lines, and the channel's HTTP 400 bodies.
STAFF_CALLS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print", "_bad_request"}
# Staff tools among the speaking modules: the catalogue's validation and build messages are English, for staff.
STAFF_TOOLS = {"actions/unit_catalogue/load.py", "actions/unit_catalogue/build.py"}
# Danish still written outside the wording modules, waiting to be wired in (issue #17): the two
# button titles in conversation.py have say.complaint_button() and say.NONE_OF_THEM_BUTTON now.


def _for_staff(tree: ast.AST) -> set[int]:
    """The string constants in raise statements and log calls: messages for staff, not for the person."""
    ids = set()
    for n in ast.walk(tree):
        staff = isinstance(n, ast.Raise) or (
            isinstance(n, ast.Call) and (getattr(n.func, "attr", None) in STAFF_CALLS or getattr(n.func, "id", None) in STAFF_CALLS)
        )
        if staff:
            ids |= {id(c) for c in ast.walk(n) if isinstance(c, ast.Constant)}
    return ids


def _patterns(tree: ast.AST) -> set[int]:
    """The string constants given to re.search, re.compile, ...: words the code looks for, not says."""
    return {
        id(c)
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and getattr(n.func.value, "id", None) == "re"
        for c in ast.walk(n)
        if isinstance(c, ast.Constant)
    }


def _literals(path: Path, for_staff: bool = True) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _patterns(tree) | {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    if not for_staff:
        skip |= _for_staff(tree)
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]


SQL = re.compile(r"^\s*(?:SELECT|INSERT|CREATE|UPDATE|DELETE|DROP|WITH|PRAGMA)\b|^\s*(?:FROM|WHERE|JOIN|ORDER BY|AND)\b")


def _prose(module: str, language: re.Pattern, for_staff: bool = True) -> list[str]:
    return [
        f"{module}:{line}: {text!r}"
        for line, text in _literals(ROOT / module, for_staff)
        if len(text.split()) >= 2 and language.search(text) and not SQL.search(text)
    ]


@pytest.mark.parametrize("module", SPEAKING)
def test_no_user_facing_danish_outside_the_wording_modules(module):
    prose = _prose(module, DANISH)
    assert not prose, f"Danish text belongs in {DANISH_WORDING} or domain.yml:\n" + "\n".join(prose)


@pytest.mark.parametrize("module", [m for m in SPEAKING if m not in STAFF_TOOLS])
def test_no_user_facing_english_outside_the_wording_modules(module):
    prose = _prose(module, ENGLISH, for_staff=False)
    assert not prose, f"English text belongs in {ENGLISH_WORDING} or domain.yml:\n" + "\n".join(prose)


def test_each_wording_module_speaks_one_language():
    """No Danish sentence left in the English module, and no English one in the Danish."""
    mixed = _prose(ENGLISH_WORDING, DANISH, for_staff=False) + _prose(DANISH_WORDING, ENGLISH, for_staff=False)
    assert not mixed, "\n".join(mixed)


def test_municipality_names_are_read_from_the_catalogue():
    municipalities = [
        yaml.safe_load((ROOT / "catalogue" / f).read_text(encoding="utf-8"))["municipality"]
        for f in ("kobenhavn.yml", "frederiksberg.yml", "gladsaxe.yml", "rodovre.yml")
    ]
    names = [m[key] for m in municipalities for key in ("name", "name_en") if m.get(key)] + ["Copenhagen"]
    for module in [*WORDING, *SPEAKING]:
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
