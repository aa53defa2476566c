"""Shared helpers for the benchmarks: servers (patched or pure Rasa), timing, memory, and the report header."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ROOT first: tests/ has an "actions" test folder that would shadow the actions package.
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # tests/stack.py starts the real servers

import requests  # noqa: E402
from stack import Stack, free_port, start_stack  # noqa: E402,F401 - re-exported for the benchmarks

# The two ways Vejviser's Rasa server runs. scripts/rasa_run.py (which tests/stack.py starts Rasa
# through) calls rasa_patches.install(), which reads this switch: "on" installs the speed patches
# of Rasa's internals (the default, as `make run`), "off" installs nothing (pure Rasa 3.6.21).
# Vejviser's plug-ins on Rasa's supported extension points (addons/) are part of both.
SWITCH = "VEJVISER_RASA_PATCHES"
MODES = {"patched": "on", "pure": "off"}  # mode -> value of SWITCH, in the order the benchmarks list them
MODE_LABELS = {"patched": "patched (default)", "pure": f"pure Rasa (`{SWITCH}=off`)"}


def start_mode(mode: str, log_dir: Path, tmp_dir: Path, **env_extra: str) -> Stack:
    """Action server + Rasa server in one mode, each server's log in log_dir/<mode>/.

    The switch is set explicitly for both servers (start_stack passes its keyword arguments into
    both environments), so an exported VEJVISER_RASA_PATCHES=off cannot turn the patched run pure.
    """
    return start_stack(log_dir / mode, tmp_dir, **{SWITCH: MODES[mode]}, **env_extra)


def check_mode(stack: Stack, mode: str) -> str:
    """Fail unless both servers got the switch and the Rasa server says it runs in `mode`.

    Returns the line rasa_patches logged when the Rasa server started (for the report).
    """
    want = MODES[mode]
    for proc in (stack.rasa.process, stack.actions.process):
        got = _environ(proc.popen.pid).get(SWITCH)
        if got != want:
            raise RuntimeError(f"{mode}: {proc.name} runs with {SWITCH}={got!r}, not {want!r}")
    # rasa_patches.install() logs one status line: "Rasa patches on: ...", "Rasa patches off (...)", or
    # "Rasa patches not installed: ..." (another Rasa version). The patches' own loggers say other things.
    lines = [line for line in stack.rasa.process.log().splitlines() if "Rasa patches " in line]
    expected = "Rasa patches on" if mode == "patched" else "Rasa patches off"
    if len(lines) != 1 or expected not in lines[0]:
        raise RuntimeError(
            f"{mode}: the Rasa server's log {stack.rasa.process.log_path} should have one status line "
            f"from rasa_patches saying '{expected}', but has: {lines or 'none'}"
        )
    return lines[0].partition(" - ")[2].strip() or lines[0]


def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    return dict(item.decode(errors="replace").partition("=")[::2] for item in raw.split(b"\0") if item)


def people_messages(seed: int = 20261126) -> list[str]:
    """Every message a person writes in the conversation acceptance suites (Danish and English parts),
    each once, in a fixed shuffled order: what people write, from first messages to "og i morgen?",
    rather than one easy question. With the e5 vector computed only when the sparse reading is
    unsure (addons/linear_intent_classifier.py), the cost of a turn depends on the message."""
    import random

    from acceptance import suite

    texts = [
        turn.say
        for directory in (suite.CONVERSATIONS, suite.ENGLISH)
        for conversation in suite.load(directory)
        for turn in conversation.turns
        if not turn.say.startswith("/")
    ]
    texts = list(dict.fromkeys(texts))
    random.Random(seed).shuffle(texts)
    return texts


def progress(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def rss_mb(pid: int) -> float:
    """Resident set size of a process and its children, in MB."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User and kernel CPU seconds a process has used so far (all its threads; not its children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return []
    kids = [int(x) for x in out.split()]
    return kids + [g for k in kids for g in _children(k)]


@dataclass
class Latencies:
    samples_ms: list[float]
    errors: int
    wall_s: float

    def pct(self, p: float) -> float:
        if not self.samples_ms:
            return float("nan")
        ordered = sorted(self.samples_ms)
        k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
        return ordered[k]

    @property
    def p50(self) -> float:
        return self.pct(50)

    @property
    def p95(self) -> float:
        return self.pct(95)

    @property
    def p99(self) -> float:
        return self.pct(99)

    @property
    def per_second(self) -> float:
        return len(self.samples_ms) / self.wall_s if self.wall_s else float("nan")

    def row(self) -> str:
        return (
            f"{len(self.samples_ms)} | {self.errors} | {self.p50:.1f} | {self.p95:.1f} | {self.p99:.1f} | "
            f"{statistics.mean(self.samples_ms):.1f} | {self.per_second:.1f}"
        )


LATENCY_HEADER = "| turns | errors | p50 ms | p95 ms | p99 ms | mean ms | msg/s |\n| --- | --- | --- | --- | --- | --- | --- |"


def timed_turns(
    url: str,
    messages: Callable[[int, int], tuple[str, str]],
    turns: int,
    concurrency: int,
    check: Callable[[list], bool] = lambda r: bool(r),
) -> Latencies:
    """Send `turns` messages over `concurrency` workers; messages(worker, i) -> (sender, text)."""
    samples: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_worker = [turns // concurrency + (1 if w < turns % concurrency else 0) for w in range(concurrency)]

    def worker(w: int) -> None:
        nonlocal errors
        session = requests.Session()
        for i in range(per_worker[w]):
            sender, text = messages(w, i)
            start = time.perf_counter()
            try:
                response = session.post(url, json={"sender": sender, "message": text}, timeout=60)
                ok = response.status_code == 200 and check(response.json())
            except requests.RequestException:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if ok:
                    samples.append(elapsed)
                else:
                    errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, range(concurrency)))
    return Latencies(samples, errors, time.perf_counter() - started)


def machine_header(title: str, method: str) -> str:
    cpu = "unknown"
    try:
        cpu = next(
            line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")
        )
    except (StopIteration, FileNotFoundError):
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    return "\n".join(
        [
            f"# {title}",
            "",
            f"Measured {datetime.now():%Y-%m-%d %H:%M} on {os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GB RAM, "
            f"{platform.system()} {platform.release()}.",
            f"Python {platform.python_version()}, Rasa {version('rasa')}, Rasa SDK {version('rasa-sdk')}, "
            f"spaCy {version('spacy')}, TensorFlow {version('tensorflow')}.",
            "",
            f"Method: {method}",
            "",
        ]
    )
