"""Keep the libraries' deprecation warnings out of `rasa shell` and the server logs.

PYTHONWARNINGS=ignore (scripts/env.sh) is not enough: Rasa puts "show UserWarnings
once" in front of the warning filters when it configures logging
(``rasa.utils.common._filter_warnings``), and pyparsing's deprecation warnings are
UserWarnings. Here our filters go back in front after Rasa's. Rasa's own UserWarnings
about the model or the data still show. Cosmetic: nothing else depends on it.
"""

from __future__ import annotations

import warnings

import rasa.utils.common

QUIET = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
_ORIGINAL = rasa.utils.common._filter_warnings


def silence() -> None:
    for category in QUIET:
        warnings.simplefilter("ignore", category)


def _filter_warnings(*args, **kwargs) -> None:
    _ORIGINAL(*args, **kwargs)
    silence()


def install() -> None:
    rasa.utils.common._filter_warnings = _filter_warnings
    silence()


def uninstall() -> None:
    rasa.utils.common._filter_warnings = _ORIGINAL
