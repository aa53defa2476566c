"""scripts/env.sh runs numpy's BLAS on one thread (why: tests/e2e/test_server_cpu.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sourced(variable: str, **outer: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != variable} | outer
    return subprocess.run(
        ["bash", "-c", f"source scripts/env.sh && echo ${variable}"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_env_sets_one_blas_thread():
    assert sourced("OPENBLAS_NUM_THREADS") == "1"


def test_env_keeps_an_outer_blas_thread_count():
    assert sourced("OPENBLAS_NUM_THREADS", OPENBLAS_NUM_THREADS="2") == "2"
