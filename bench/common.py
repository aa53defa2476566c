"""Shared helpers for the benchmarks: servers, timing, memory, and the report header."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
# ROOT first: tests/ has an "actions" test folder that would shadow the actions package.
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # tests/stack.py starts the real servers

import requests  # noqa: E402

from stack import free_port, start_stack  # noqa: E402,F401 - re-exported for the benchmarks


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
        return (f"{len(self.samples_ms)} | {self.errors} | {self.p50:.1f} | {self.p95:.1f} | {self.p99:.1f} | "
                f"{statistics.mean(self.samples_ms):.1f} | {self.per_second:.1f}")


LATENCY_HEADER = "| turns | errors | p50 ms | p95 ms | p99 ms | mean ms | msg/s |\n| --- | --- | --- | --- | --- | --- | --- |"


def timed_turns(url: str, messages: Callable[[int, int], tuple[str, str]], turns: int, concurrency: int,
                check: Callable[[list], bool] = lambda r: bool(r)) -> Latencies:
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
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (StopIteration, FileNotFoundError):
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    return "\n".join([
        f"# {title}", "",
        f"Measured {datetime.now():%Y-%m-%d %H:%M} on {os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GB RAM, "
        f"{platform.system()} {platform.release()}.",
        f"Python {platform.python_version()}, Rasa {version('rasa')}, Rasa SDK {version('rasa-sdk')}, "
        f"spaCy {version('spacy')}, TensorFlow {version('tensorflow')}.", "",
        f"Method: {method}", "",
    ])
