"""The words people use, read once from data/nlu/synonyms.yml.

The NLU maps an entity it found to one value ("pot" -> cannabis); the action
server reads the same list to find what DIET missed in the raw text: a listed
word it did not tag, or a compound such as "hashmisbrug" or
"alkoholproblemer". One list serves both, so a new slang word is added once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from textfold import fold

SYNONYMS = Path(__file__).resolve().parent.parent / "data" / "nlu" / "synonyms.yml"
_SECTION = re.compile(r"^# --- (\w+)")


def synonym_sections(path: Path = SYNONYMS) -> dict[str, dict[str, str]]:
    """Section ("substance", "relation", ...) -> {written form: canonical value}."""
    sections: dict[str, dict[str, str]] = {}
    current = value = None
    for line in path.read_text(encoding="utf-8").splitlines():
        header = _SECTION.match(line)
        if header:
            current = sections.setdefault(header.group(1), {})
        elif current is not None and line.startswith("- synonym:"):
            value = str(yaml.safe_load(line.split(":", 1)[1]))
            if value.isalpha():
                current.setdefault(value, value)  # "mdma" is written as its own value
        elif current is not None and value is not None and line.startswith("    - "):
            current[str(yaml.safe_load(line.strip()[2:]))] = value
    return sections


# Words the reader needs that are not entity synonyms for the NLU: "our boy is 14" speaks
# of a child, but "boy" tagged as a relation would mislead DIET in "a boy passed out".
# "Antabus" (disulfiram) is a medicine against drinking: who asks for it drinks.
READER_FORMS = {
    "relation": {"boy": "child", "girl": "child", "lad": "child", "teenage son": "son", "teenage daughter": "daughter"},
    "substance": {"antabus": "alcohol", "antabuse": "alcohol", "disulfiram": "alcohol"},
    # the definite forms of conditions ("men angsten?")
    "need": {"angsten": "dual_diagnosis", "depressionen": "dual_diagnosis", "min angst": "dual_diagnosis", "my anxiety": "dual_diagnosis"},
}


@lru_cache(maxsize=1)
def folded_sections() -> dict[str, dict[str, str]]:
    """The same, keyed by folded form ("øl" -> "oel"), longest form first; with READER_FORMS."""
    out = {}
    sections = synonym_sections()
    for section, forms in READER_FORMS.items():
        sections[section] = {**forms, **sections.get(section, {})}
    for section, forms in sections.items():
        folded = {}
        for form, value in forms.items():
            folded.setdefault(fold(form), value)
        out[section] = dict(sorted(folded.items(), key=lambda kv: -len(kv[0])))
    return out
