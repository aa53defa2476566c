"""Train a Rasa model only when its inputs changed.

The fingerprint covers config.yml, domain.yml, everything under data/, the
custom NLU components and the pinned dependency set. The model is written as
models/vejviser-<fingerprint>.tar.gz, so "is there a model for these inputs?"
is a file-exists check, and var/current_model names the one to serve.
Old models beyond the newest three are removed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
CURRENT = ROOT / "var" / "current_model"
# The custom NLU components are the files of the `addons.*` components config.yml names
# (tests/scripts/test_setup.py checks that every one is listed here).
NLU_COMPONENTS = ["addons/crisis_guard.py", "addons/e5_featurizer.py", "addons/linear_intent_classifier.py"]
INPUTS = ["config.yml", "domain.yml", "data", *NLU_COMPONENTS, "textfold", "requirements/lock.txt"]
KEEP = 3


def fingerprint() -> str:
    h = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.exists() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def model_path(fp: str | None = None) -> Path:
    return MODELS / f"vejviser-{fp or fingerprint()}.tar.gz"


def main() -> int:
    fp = fingerprint()
    target = model_path(fp)
    CURRENT.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and "--force" not in sys.argv:
        print(f"    up to date ({target.relative_to(ROOT)}); no training needed")
        CURRENT.write_text(str(target))
        return 0
    print(f"    training data, domain or config changed: training {target.relative_to(ROOT)} (a few minutes)")
    started = time.monotonic()
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    cmd = [str(ROOT / ".venv" / "bin" / "rasa"), "train", "--fixed-model-name", f"vejviser-{fp}", "--out", str(MODELS)]
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0 or not target.exists():
        print("    training failed; see the output above", file=sys.stderr)
        return 1
    print(f"    trained in {time.monotonic() - started:.0f} s")
    CURRENT.write_text(str(target))
    old = sorted(MODELS.glob("vejviser-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
    for p in old:
        p.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
