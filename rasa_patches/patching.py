"""Replace attributes of a Rasa class, with a way back (for the tests)."""

from __future__ import annotations

from typing import Any


class Patch:
    """``install()`` puts the replacements in place of ``owner``'s attributes; ``uninstall()`` restores Rasa's own."""

    def __init__(self, owner: type, **replacements: Any) -> None:
        self.owner, self.replacements = owner, replacements
        self.originals = {name: owner.__dict__[name] for name in replacements}

    def install(self) -> None:
        for name, replacement in self.replacements.items():  # idempotent
            setattr(self.owner, name, replacement)

    def uninstall(self) -> None:
        for name, original in self.originals.items():
            setattr(self.owner, name, original)
