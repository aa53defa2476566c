"""Bounded load test on loopback: 50 concurrent conversations x 10 turns.

    make bench-load        (or: python bench/load.py --conversations 50 --turns 10)

Starts the real action server and Rasa server (SQLite tracker store, clock
pinned), runs every conversation in its own thread, and reports errors, lost
messages (user messages missing from the tracker store afterwards), p50/p95/p99
latency and messages per second to docs/load-test.md.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import uuid
from pathlib import Path

import requests
from common import ROOT, machine_header, progress, rss_mb, start_stack, timed_turns

SCRIPT = [
    "hej",
    "jeg har brug for hjælp",
    "jeg bor på nørrebro",
    "hash",
    "24",
    "nej",
    "hvornår har de åbent",
    "kan jeg være anonym",
    "koster det noget",
    "tak for hjælpen",
]


def run(conversations: int, turns: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        progress("starting the action server and the Rasa server")
        stack = start_stack(ROOT / "test-output" / "bench-load", Path(tmp))
        try:
            url = stack.rest_url
            requests.post(url, json={"sender": "warm-up", "message": "hej"}, timeout=60)
            senders = [f"load-{uuid.uuid4().hex[:10]}" for _ in range(conversations)]
            script = (SCRIPT * (turns // len(SCRIPT) + 1))[:turns]
            progress(f"running {conversations} conversations x {turns} turns")
            # One worker per conversation; each sends its turns in order, waiting for every answer.
            result = timed_turns(url, lambda w, i: (senders[w], script[i]), conversations * turns, conversations)
            samples, errors, wall = result.samples_ms, result.errors, result.wall_s

            conn = sqlite3.connect(stack.env["VEJVISER_TRACKER_DB"])
            stored = {
                s: conn.execute("SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (s,)).fetchone()[0]
                for s in senders
            }
            lost = sum(max(0, turns - n) for n in stored.values())
            rasa_mb, actions_mb = rss_mb(stack.rasa.process.popen.pid), rss_mb(stack.actions.process.popen.pid)
        finally:
            stack.stop()
    progress(
        f"done: {len(samples)} answers, {errors} errors, {lost} lost, p50 {result.p50:.0f} ms, "
        f"p95 {result.p95:.0f} ms, {result.per_second:.1f} msg/s"
    )
    return "\n".join(
        [
            machine_header(
                "Load test",
                f"{conversations} concurrent conversations x {turns} turns through the REST channel "
                "on loopback, one thread per conversation, each turn waiting for its answer. One action server "
                "and one Rasa server (SQLite tracker store), clock pinned. Script per conversation: "
                + " → ".join(f"“{t}”" for t in script)
                + ". Command: `make bench-load`.",
            ),
            "| target | measured |",
            "| --- | --- |",
            f"| errors: 0 | {errors} |",
            f"| lost messages: 0 | {lost} (user messages sent but not in the tracker store) |",
            f"| p50 latency | {result.p50:.1f} ms |",
            f"| p95 latency | {result.p95:.1f} ms |",
            f"| p99 latency | {result.p99:.1f} ms |",
            f"| throughput | {result.per_second:.1f} messages/s ({len(samples)} answers in {wall:.1f} s) |",
            f"| memory after the test | Rasa server {rasa_mb:.0f} MB, action server {actions_mb:.0f} MB (RSS) |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--out", default=str(ROOT / "docs" / "load-test.md"))
    args = parser.parse_args()
    report = run(args.conversations, args.turns)
    Path(args.out).write_text(report, encoding="utf-8")
    progress(f"wrote {args.out}")


if __name__ == "__main__":
    main()
