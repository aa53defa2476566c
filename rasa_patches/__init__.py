"""Changes to Rasa 3.6.21's private internals that make Vejviser fast - kept apart, switchable off.

Nothing happens on import. `install()` is called from one place, the launcher that
starts Rasa for Vejviser (scripts/rasa_run.py, used by `make run`, `make shell`, the
tests and the benchmarks); stock `rasa` commands run pure Rasa.

- `VEJVISER_RASA_PATCHES=off` (or 0/false/no) installs nothing: pure Rasa 3.6.21.
- On any other Rasa version nothing is installed either, with one log line saying so:
  every patch replaces a private name that an upgrade may change.

rasa_patches/README.md lists each patch: the private names it touches, what it saves
(measured), its test, and how to delete it.
"""

from __future__ import annotations

import importlib
import logging
import os
from importlib.metadata import PackageNotFoundError, version

log = logging.getLogger("vejviser.rasa_patches")

RASA_VERSION = "3.6.21"  # the version every patch was written and tested against
SWITCH = "VEJVISER_RASA_PATCHES"
# In the order they are installed; each module has install() and uninstall().
PATCHES = (
    "fast_model_load",
    "action_validation",
    "states_cache",
    "action_payload",
    "action_connection",
    "action_timeout",
    "graph_runner",
    "sparse_features",
    "rule_lookup",
    "tracker_copy",
    "graph_predict",
    "count_vectors",
    "quiet_warnings",
)
_installed: list[str] = []


def enabled() -> bool:
    return os.environ.get(SWITCH, "on").strip().lower() not in ("off", "0", "false", "no")


def installed_rasa() -> str:
    try:
        return version("rasa")
    except PackageNotFoundError:
        return "not installed"


def install() -> list[str]:
    """Install every patch, unless switched off or on another Rasa version. Returns what was installed."""
    if not enabled():
        log.info("Rasa patches off (%s=%s): running pure Rasa %s.", SWITCH, os.environ.get(SWITCH), installed_rasa())
        return []
    found = installed_rasa()
    if found != RASA_VERSION:
        log.warning("Rasa patches not installed: they are written for Rasa %s and this is Rasa %s; running pure Rasa.", RASA_VERSION, found)
        return []
    for name in PATCHES:
        if name not in _installed:
            importlib.import_module(f"{__name__}.{name}").install()
            _installed.append(name)
    log.info("Rasa patches on: %d changes to Rasa %s internals (%s to switch off).", len(_installed), RASA_VERSION, SWITCH)
    return list(_installed)


def uninstall() -> None:
    """Put Rasa's own code back (the tests use it to compare both)."""
    while _installed:
        importlib.import_module(f"{__name__}.{_installed.pop()}").uninstall()
