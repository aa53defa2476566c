"""Build the Danish spaCy pipeline Rasa's SpacyNLP loads from var/spacy_da.

No Danish spaCy model can be downloaded on the target machines, but a blank
"da" pipeline with spaCy's lookup lemmatizer (tables from spacy-lookups-data)
gives Danish tokenisation and lemmas (ryger -> ryge, åbent -> åben). The
folder is a build output: rebuilt when spaCy or the lookup tables change.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("VEJVISER_SPACY_DIR", ROOT / "var" / "spacy_da"))
STAMP = TARGET / "vejviser-build.json"


def wanted_stamp() -> dict:
    return {"spacy": version("spacy"), "spacy-lookups-data": version("spacy-lookups-data")}


def build(target: Path) -> None:
    import spacy

    nlp = spacy.blank("da")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    lemmas = [t.lemma_ for t in nlp("ryger åbent")]
    if lemmas != ["ryge", "åben"]:
        sys.exit(f"Danish lemmatizer gave {lemmas}, expected ['ryge', 'åben']")
    # Build next to the target and swap it in, so an interrupted build never
    # leaves a half-written pipeline where Rasa would load it.
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".building")
    if staging.exists():
        shutil.rmtree(staging)
    nlp.to_disk(staging)
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)


def main() -> None:
    stamp = wanted_stamp()
    if STAMP.exists() and json.loads(STAMP.read_text()) == stamp:
        print(f"    up to date ({TARGET.relative_to(ROOT) if TARGET.is_relative_to(ROOT) else TARGET})")
        return
    build(TARGET)
    STAMP.write_text(json.dumps(stamp))
    print(f"    built {TARGET} (spaCy {stamp['spacy']}, lookups {stamp['spacy-lookups-data']})")


if __name__ == "__main__":
    main()
