"""Every file the code and the docs point a reader to exists.

A docstring naming the test that checks something is a promise; after files move, a
stale path sends the next maintainer looking for a test that is not there.
docs/profiling.md is left out: it is a dated log of what the code looked like then.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATH = re.compile(
    r"\b((?:actions|addons|rasa_patches|scripts|bench|tests|catalogue|data|docs|web|requirements)"
    r"/[A-Za-z0-9_/.-]+\.(?:py|yml|md|sh|txt|in|html|js|css))\b"
)


def _files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "*.py", "*.md", "*.sh", "*.yml", "Makefile"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [f for f in listed if f != "docs/profiling.md" and not f.startswith("tests/acceptance/conversations/")]


def test_every_repository_path_named_in_code_and_docs_exists():
    missing = []
    for name in _files():
        path = ROOT / name
        if not path.exists():
            continue  # deleted in the working tree, not yet committed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            missing += [f"{name}:{number}: {p}" for p in PATH.findall(line) if not (ROOT / p).exists()]
    assert not missing, "paths that do not exist:\n" + "\n".join(missing)
