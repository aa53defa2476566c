"""The conversation acceptance suite as a benchmark: pass rate per category, every failure in full.

    make bench-dialogue      (or: python bench/dialogue.py [--only CATEGORY])

Talks to the real action server and Rasa server over the REST channel, with the
clock pinned per conversation (tests/acceptance/suite.py), and writes
docs/dialogue-benchmark.md. CI runs the same suite in
tests/acceptance/test_acceptance.py.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

# common puts tests/ on sys.path, so it is imported first.
# isort: off
from common import ROOT, machine_header, progress
from acceptance import suite

# isort: on

METHOD = """`make bench-dialogue` (commit {commit}, {seconds:.0f} s for the whole run). Each conversation
was written from the four municipal documents the way citizens, relatives and young people
write (tests/acceptance/conversations/, and in English tests/acceptance/english/; format in
tests/acceptance/README.md) and sent through
the REST channel to the real Rasa server and action server, with the action server's clock
pinned to the conversation's time. A conversation passes when every reply contains every
expected fact and none of the rejected ones; a *wrong fact* is a phone number that is not in
the catalogue, or a rejected number, time or address."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run one category (not written to docs/)")
    parser.add_argument("--file", help="run one conversation file, e.g. third_round (not written to docs/)")
    parser.add_argument("--english", action="store_true", help="only the English part (not written to docs/)")
    args = parser.parse_args()
    english = suite.load(suite.ENGLISH)
    conversations = english if args.english else suite.load() + english
    if args.only:
        conversations = [c for c in conversations if c.category == args.only]
    if args.file:
        conversations = [c for c in conversations if c.file == f"{args.file}.yml"]
    if not conversations:
        parser.error("no conversation matches")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        results = suite.run_all(Path(tmp) / "logs", Path(tmp) / "var", conversations, progress=progress)
    seconds = time.monotonic() - started
    import subprocess

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    header = machine_header("Conversation acceptance benchmark", METHOD.format(commit=commit, seconds=seconds))
    text = header + suite.report(results, title=None)
    ids = {c.id for c in english}
    parts = [
        ("Danish", [r for r in results if r.conversation.id not in ids], suite.TARGET_PASS_RATE),
        ("English", [r for r in results if r.conversation.id in ids], suite.TARGET_PASS_RATE_ENGLISH),
    ]
    lines = ["## By language", "", "| part | passed | target | with a wrong fact |", "| --- | --- | --- | --- |"]
    for name, part, goal in parts:
        if part:
            s = suite.summarise(part)
            lines.append(f"| {name} | {s.passed}/{s.total} ({s.rate:.1%}) | ≥ {goal:.0%}, no wrong fact | {s.fact_failures} |")
    text = header + "\n".join(lines) + "\n\n" + suite.report(results, title=None)
    target = ROOT / ("test-output/dialogue-report.md" if args.only or args.file or args.english else "docs/dialogue-benchmark.md")
    target.parent.mkdir(exist_ok=True)
    target.write_text(text)
    for name, part, _ in parts:
        if part:
            s = suite.summarise(part)
            progress(f"{name}: {s.passed}/{s.total} passed ({s.rate:.1%}), {s.fact_failures} with a wrong fact")
    progress(f"-> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
