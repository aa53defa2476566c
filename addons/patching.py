"""Replace one attribute of a Rasa class, with a way back (for the tests)."""
from __future__ import annotations

from typing import Any, Text


class Patch:
    """``install()`` puts ``replacement`` in place of ``owner.name``; ``uninstall()`` restores Rasa's own."""

    def __init__(self, owner: type, name: Text, replacement: Any) -> None:
        self.owner, self.name, self.replacement = owner, name, replacement
        self.original = owner.__dict__[name]

    def install(self) -> None:
        setattr(self.owner, self.name, self.replacement)  # idempotent

    def uninstall(self) -> None:
        setattr(self.owner, self.name, self.original)
