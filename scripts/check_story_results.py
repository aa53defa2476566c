"""Fail unless every test story passed in a `rasa test core --e2e` run.

    python scripts/check_story_results.py test-output/rasa-test

Rasa writes the score to story_report.json and the failed stories, with the
wrong predictions marked "# predicted: ...", to failed_test_stories.yml, but
exits 0 either way. This prints the failed stories and exits 1 on any miss.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(out_dir: str) -> int:
    out = Path(out_dir)
    report = out / "story_report.json"
    if not report.exists():
        print(f"no {report}: did `rasa test` run?", file=sys.stderr)
        return 1
    score = json.loads(report.read_text())["conversation_accuracy"]
    print(f"test stories: {score['correct']} of {score['total']} passed")
    if score["total"] == 0:
        print("no test stories were found", file=sys.stderr)
        return 1
    if score["correct"] != score["total"]:
        print((out / "failed_test_stories.yml").read_text(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "test-output/rasa-test"))
