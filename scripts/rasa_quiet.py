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

for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
    warnings.simplefilter("ignore", category)

from rasa.__main__ import main  # noqa: E402 - must come after the filters

if __name__ == "__main__":
    sys.argv[0] = "rasa"
    sys.exit(main())
