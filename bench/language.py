"""Language identification benchmark: is Danish answered in Danish and English in English?

    make bench-language        (or: python bench/language.py)

Runs actions/language.choose over:
- the Danish held-out NLU set (tests/nlu/heldout.yml) and the Danish training data
  (data/nlu, English files left out), each also typed without æøå, two ways
  (æ->ae ø->oe å->aa, and æ->a ø->o å->a);
- the English held-out NLU set (tests/nlu/heldout_en.yml);
- every conversation in the acceptance suite, turn by turn, the language carried from
  turn to turn as the action server carries it (a wrong switch sticks until a later
  message switches back).
Each message is judged as a first message (no language yet) and as a later one (the
conversation already in its own language). Writes docs/language-benchmark.md.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

import yaml
from common import ROOT, machine_header, progress

sys.path.insert(0, str(ROOT))
from actions.language import DANISH, ENGLISH, choose  # noqa: E402

ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
FOLDS = (
    str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"}),
    str.maketrans({"æ": "a", "ø": "o", "å": "a", "Æ": "A", "Ø": "O", "Å": "A"}),
)


def examples(path: Path) -> list[str]:
    out = []
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        if "intent" in block:
            out += [
                ENTITY.sub(r"\1", line.strip()[2:]).strip() for line in str(block["examples"]).splitlines() if line.strip().startswith("- ")
            ]
    return [t for t in out if t and not t.startswith("/")]


def danish_training() -> list[str]:
    files = [
        p
        for p in sorted((ROOT / "data" / "nlu").rglob("*.yml"))
        if "en" not in p.relative_to(ROOT / "data" / "nlu").parts and not p.name.startswith(("english", "en_"))
    ]
    return sorted({t for p in files for t in examples(p)})


def folded(texts: list[str]) -> list[str]:
    return sorted({t.translate(f) for t in texts if re.search("[æøåÆØÅ]", t) for f in FOLDS})


def conversations(directory: Path) -> list[list[str]]:
    out = []
    for path in sorted(directory.glob("*.yml")):
        for conv in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("conversations") or []:
            turns = [str(t["say"]) for t in conv.get("turns") or [] if not str(t.get("say", "")).startswith("/")]
            if turns:
                out.append(turns)
    return out


def share(texts: list[str], want: str, prior: str | None) -> tuple[float, list[str]]:
    wrong = [t for t in texts if choose(t, prior) != want]
    return 100 * (1 - len(wrong) / len(texts)) if texts else float("nan"), wrong


def conversation_share(convs: list[list[str]], want: str) -> tuple[float, int]:
    right = total = 0
    for turns in convs:
        lang = None
        for text in turns:
            lang = choose(text, lang)
            right += lang == want
            total += 1
    return 100 * right / total if total else float("nan"), total


def main() -> int:
    heldout_da = examples(ROOT / "tests" / "nlu" / "heldout.yml")
    train_da = danish_training()
    heldout_en_path = ROOT / "tests" / "nlu" / "heldout_en.yml"
    heldout_en = examples(heldout_en_path) if heldout_en_path.exists() else []
    convs_da = conversations(ROOT / "tests" / "acceptance" / "conversations")
    convs_en = conversations(ROOT / "tests" / "acceptance" / "english")
    choose("warm up the model", None)
    rows, errors = [], {}
    sets = [
        ("Danish held-out", heldout_da, DANISH),
        ("Danish held-out without æøå", folded(heldout_da), DANISH),
        ("Danish training data", train_da, DANISH),
        ("Danish training data without æøå", folded(train_da), DANISH),
        ("English held-out", heldout_en, ENGLISH),
        ("English held-out, 3 words or fewer", [t for t in heldout_en if len(t.split()) <= 3], ENGLISH),
    ]
    for name, texts, want in sets:
        progress(name)
        first, wrong_first = share(texts, want, None)
        later, wrong_later = share(texts, want, want)
        rows.append(f"| {name} | {len(texts)} | {first:.1f} % | {later:.1f} % |")
        errors[name] = sorted(set(wrong_first) | set(wrong_later))
    conv_rows = []
    for name, convs, want in (
        ("Danish acceptance conversations", convs_da, DANISH),
        ("English acceptance conversations", convs_en, ENGLISH),
    ):
        pct, total = conversation_share(convs, want)
        conv_rows.append(f"| {name} | {len(convs)} | {total} | {pct:.1f} % |")
    sample = heldout_da + heldout_en
    timings = []
    for text in sample:
        t = time.perf_counter()
        choose(text, None)
        timings.append((time.perf_counter() - t) * 1e6)
    timings.sort()
    p50, p99 = statistics.median(timings), timings[int(len(timings) * 0.99) - 1]
    folded_heldout = float(rows[1].split("|")[3].strip(" %"))
    method = (
        "`make bench-language` (`python bench/language.py`). `actions/language.choose(text, current)` on every "
        "message: as a first message (no language yet) and as a later one (the conversation already in the "
        "message's own language). Conversations are run turn by turn with the language carried over, as the "
        "action server does."
    )
    out = [
        machine_header("Language identification benchmark", method),
        "## Targets",
        "",
        "| target | measured | met |",
        "| --- | --- | --- |",
        f"| Danish held-out written without æøå identified as Danish ≥ 99 % (first message) | {folded_heldout:.1f} % | "
        f"{'yes' if folded_heldout >= 99 else 'no'} |",
        "",
        "## Messages",
        "",
        "| set | messages | right as a first message | right later in a conversation |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        "## Conversations",
        "",
        "| set | conversations | turns | turns in the right language |",
        "| --- | --- | --- | --- |",
        *conv_rows,
        "",
        f"Cost: p50 {p50:.0f} µs, p99 {p99:.0f} µs per message ({len(sample)} messages, one thread).",
        "",
        "## Every message identified wrongly",
        "",
    ]
    for name, wrong in errors.items():
        out += [f"### {name} ({len(wrong)})", ""] + [f"- {t}" for t in wrong] + [""]
    target = ROOT / "docs" / "language-benchmark.md"
    target.write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    progress(f"-> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
