"""The one text normaliser: how Vejviser turns what people type into comparable keys.

People write "kobenhavn", "Koebenhavn" and "København", "traekker ikke vejret" and
"trækker ikke vejret"; OCR of the sources gave "Harsholmsgade". Both servers compare
such text: the action server (catalogue names, places, the NLU's word lists) and the
Rasa server (the crisis guard). They share this package, which imports nothing but
the standard library, so neither server needs the other's code.

- `fold`: lowercase, æøå spelled out (æ->ae, ø->oe, å->aa), other accents dropped,
  punctuation to single spaces. 'Hørsholmsgade' and 'Hoersholmsgade' meet.
- `fold_plain`: `fold`, then the spelled-out letters reduced to one (ae->a, oe->o,
  aa->a), spaces kept. 'Horsholmsgade', 'Hoersholmsgade' and 'Hørsholmsgade' meet;
  the crisis guard's patterns are written against this form.
- `fold_loose`: `fold_plain` without spaces, for names typed as one word or two.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_plain", "fold_loose"]

_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})
_ONE_LETTER = (("oe", "o"), ("ae", "a"), ("aa", "a"))
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Hørsholmsgade 20!' -> 'hoersholmsgade 20'."""
    text = unicodedata.normalize("NFC", text).lower().translate(_SPELLED_OUT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", text).strip()


def fold_plain(text: str) -> str:
    """'Trækker ikke vejret' and 'traekker ikke vejret' -> 'trakker ikke vejret'."""
    key = fold(text)
    for spelled, plain in _ONE_LETTER:
        key = key.replace(spelled, plain)
    return key


def fold_loose(text: str) -> str:
    """'Ørne vej', 'oernevej' and 'Ørnevej' -> 'ornevej'; 'rodovre' matches 'Rødovre'."""
    return fold_plain(text).replace(" ", "")
