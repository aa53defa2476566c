"""Text normalisation for matching names people type on a phone.

People write "kobenhavn", "Koebenhavn", "Kbh" and "Hørsholmsgade" for the same
thing, and OCR gave us "Harsholmsgade". `fold` maps all of them to one key.
"""
from __future__ import annotations

import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lowercase, æøå spelled out, punctuation dropped, words joined by one space.

    'Hørsholmsgade' and 'Hoersholmsgade' give the same key; 'Horsholmsgade'
    (ø simply dropped) is matched by `fold_loose`.
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_DANISH)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", text).strip()


def fold_loose(text: str) -> str:
    """A coarser key: also 'oe'->'o', 'ae'->'a', 'aa'->'a' and no spaces.

    Lets 'ornevej', 'oernevej' and 'Ørnevej' meet, and 'rodovre' match 'Rødovre'.
    """
    key = fold(text)
    for spelled, plain in (("oe", "o"), ("ae", "a"), ("aa", "a")):
        key = key.replace(spelled, plain)
    return key.replace(" ", "")
