"""The assistant's words in the language of the turn being answered.

actions/replies.py is the Danish wording and actions/replies_en.py the English, with
the same public names (tests/actions/test_wording.py checks that they match). The
conversation code says `say.unit_card(...)`; `say` is the module for the language that
actions/respond.py chose for this turn with `speaking(language)`. A context variable,
so concurrent turns in the action server never see each other's language.
"""

from __future__ import annotations

import contextvars
import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import yaml

from .language import DANISH, LANGUAGES

MODULES = {"da": "actions.replies", "en": "actions.replies_en"}
_current: contextvars.ContextVar[str] = contextvars.ContextVar("vejviser_language", default=DANISH)


def module_for(language: str) -> ModuleType:
    return importlib.import_module(MODULES[language if language in LANGUAGES else DANISH])


def current() -> str:
    return _current.get()


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    token = _current.set(language if language in LANGUAGES else DANISH)
    try:
        yield
    finally:
        _current.reset(token)


class _Say:
    """`say.name` is `name` in the current language's wording module."""

    def __getattr__(self, name: str):
        return getattr(module_for(_current.get()), name)


say = _Say()


@lru_cache(maxsize=1)
def domain_responses() -> dict:
    """domain.yml's responses, read once. Rasa sends the action server no domain (selective
    domain, endpoints.yml), and it picks a conditional variation from the slots as they were
    before the action, so on the turn the language changes it would pick the old language:
    the action picks the variation itself (reply_logic.response_variation)."""
    path = Path(os.environ.get("VEJVISER_DOMAIN") or Path(__file__).resolve().parent.parent / "domain.yml")
    return {"responses": (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}}
