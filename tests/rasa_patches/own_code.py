"""Run a block with Rasa's own code in place of some of our changes, for tests that compare."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def rasas_own(*changes) -> Iterator[None]:
    """Uninstall ``changes`` (modules of rasa_patches) for the block and install them again after,
    also when the block fails, so one test never leaves Rasa unpatched for the next."""
    for change in changes:
        change.uninstall()
    try:
        yield
    finally:
        for change in changes:
            change.install()
