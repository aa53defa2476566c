"""Run the `rasa` command line without the libraries' deprecation noise.

    python scripts/rasa_quiet.py shell --model ...   (same arguments as `rasa`)

PYTHONWARNINGS=ignore (scripts/env.sh) is not enough: importing Sanic turns
DeprecationWarnings back on, so `rasa shell` opened with some 20 warnings from
TensorFlow, Keras, pyparsing and Click before the first prompt. This imports
Sanic first, then silences deprecation warnings, then hands over to Rasa.
Rasa's own UserWarnings (about the model or the data) still show.
"""
from __future__ import annotations

import sys
import warnings

import sanic  # noqa: F401 - imported for its side effect on the warning filters, see above

QUIET = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)


def _silence() -> None:
    for category in QUIET:
        warnings.simplefilter("ignore", category)


_silence()

import rasa.utils.common  # noqa: E402 - must come after the filters
from rasa.__main__ import main  # noqa: E402

# Rasa puts "show UserWarnings once" in front when it configures logging;
# pyparsing's deprecation warnings are UserWarnings too, so put ours back in front.
_rasa_filter_warnings = rasa.utils.common._filter_warnings


def _filter_warnings(*args, **kwargs) -> None:
    _rasa_filter_warnings(*args, **kwargs)
    _silence()


rasa.utils.common._filter_warnings = _filter_warnings

if __name__ == "__main__":
    sys.argv[0] = "rasa"
    sys.exit(main())
