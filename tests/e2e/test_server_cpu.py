"""The Rasa server does not burn the other core between turns.

numpy's OpenBLAS starts one worker thread per core, and after every matrix product the
workers spin in sched_yield for a while. Our products are tiny, yet with two OpenBLAS
threads the worker spent 8-23 ms of kernel time per turn, one message at a time (0.32 s
over these 40 turns, against 0.01 s with one thread), and under load most of the second
core (docs/benchmarks.md).
scripts/env.sh, scripts/rasa_run.py and tests/stack.py run numpy's BLAS on one thread.
"""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.e2e

MESSAGES = [
    "hej jeg drikker for meget og bor i valby, hvor kan jeg få hjælp",
    "min søn på 17 ryger hash hver dag, hvad gør vi",
    "hvornår har i åbent i morgen",
    "er det gratis",
    "kan jeg være anonym hvis jeg bor på frederiksberg",
    "hi i live in rødovre and i use too much cocaine",
    "skal jeg have en henvisning fra lægen",
    "tak for hjælpen",
]
TURNS = 40
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def thread_times(pid: int) -> dict[str, tuple[float, float]]:
    """User and kernel CPU seconds of each thread of the process."""
    times = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # the thread ended meanwhile
            continue
        times[tid] = (int(fields[11]) / CLOCK_TICKS, int(fields[12]) / CLOCK_TICKS)
    return times


def test_no_thread_of_the_rasa_server_spins_in_the_kernel(stack):
    pid = stack.rasa.process.popen.pid
    stack.send("cpu-warm", "hej")
    before = thread_times(pid)
    for turn in range(TURNS):
        stack.send(f"cpu-{turn}", MESSAGES[turn % len(MESSAGES)])
    after = thread_times(pid)
    kernel = {tid: after[tid][1] - before.get(tid, (0.0, 0.0))[1] for tid in after if tid != str(pid)}
    # Measured over these turns: 0.01 s at most with one BLAS thread, 0.32 s with two.
    assert max(kernel.values(), default=0.0) < 0.1, f"kernel seconds per thread over {TURNS} turns: {kernel}"
