"""Start Rasa the way Vejviser runs it: `python scripts/rasa_run.py run ...` (same arguments as `rasa`).

The one place the speed patches of Rasa's internals are installed (rasa_patches/,
switched off with VEJVISER_RASA_PATCHES=off). `make run`, `make shell`, the tests and
the benchmarks start Rasa through here; the stock `rasa` command runs pure Rasa 3.6.21.

Sanic is imported first because importing it turns deprecation warnings back on;
the deprecation noise of TensorFlow, Keras, pyparsing and Click is then silenced
before Rasa loads (the patches keep it silenced after Rasa configures logging).
"""
from __future__ import annotations

import logging
import os
import sys
import warnings

import sanic  # noqa: F401 - imported for its side effect on the warning filters, see above

for _category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
    warnings.simplefilter("ignore", _category)

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")

import rasa_patches  # noqa: E402 - after the filters
from rasa.__main__ import main  # noqa: E402

if __name__ == "__main__":
    rasa_patches.install()
    sys.argv[0] = "rasa"
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # Ctrl-C in `rasa shell`, also while a button menu is open: leave quietly, without a traceback,
        # and without waiting for the shell's server threads.
        print()
        os._exit(0)
