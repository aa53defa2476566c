"""Name resolution: which place, unit or old unit name a person's words mean.

People write "bor pa norrebro", "2300", "prags bulevard", "fkcr", "heroinklinikken",
"alkoholenheden": names without æøå, misspelt, as acronyms with swapped letters, or
old names from before the 2015 reorganisation. Every comparison is on textfold keys.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from collections.abc import Iterable

from textfold import fold, fold_loose

from .connection import CatalogueConnection
from .records import HistoricMatch, NameMatch, PlaceMatch, UnitInfo

# Unit aliases that are also everyday words: "pas på", "en tur".
AMBIGUOUS_WORDS = frozenset({"pas", "tur"})


def _named(word: str, before: str, after: str, raw: str) -> bool:
    """'PAS' is a name; lowercase 'pas' when it follows 'hos', 'til', 'ringe' ..., or is not 'pas på' / 'pas godt på'."""
    if re.search(rf"\b{re.escape(word.upper())}\b", raw):
        return True
    if word != "pas":
        return False
    if before.split()[-1:] and before.split()[-1] in ("hos", "til", "ved", "om", "med", "ringe", "kontakte", "kontakter", "i"):
        return True
    return after.split()[:1] not in (["paa"], ["pa"], ["godt"], ["nu"], ["lige"], ["dig"], ["jer"])


def _tokens_at(key: str) -> list[tuple[int, str]]:
    out, at = [], 1
    for token in key.split(" "):
        out.append((at, token))
        at += len(token) + 1
    return out


class NameResolution(CatalogueConnection):
    """Places, unit names and historic names in what a person typed."""

    # -- places -------------------------------------------------------------
    def resolve_place(self, text: str) -> PlaceMatch | None:
        """Municipality, district, town or postcode -> one of our municipalities, or elsewhere."""
        if not text:
            return None
        self._db()
        code = re.search(r"\b(\d{4})\b", text)
        if code:
            number = int(code.group(1))
            for low, high, muni in self._postcodes:
                if low <= number <= high:
                    return PlaceMatch(code.group(1), muni, None)
        key, loose = fold(text), fold_loose(text)
        for muni, folded, lkey in self._muni_names:
            if key == folded or loose == lkey:
                return PlaceMatch(text, muni, None)
        for name, folded, lkey, muni, outside, note in self._places:
            if key == folded or loose == lkey:
                return PlaceMatch(name, muni, outside, note)
        # A longer message that contains a place name ("jeg bor på nørrebro").
        padded = f" {key} "
        for muni, folded, _ in self._muni_names:
            if f" {folded} " in padded:
                return PlaceMatch(text, muni, None)
        for name, folded, _, muni, outside, note in self._places:
            if f" {folded} " in padded:
                return PlaceMatch(name, muni, outside, note)
        # Written without æøå inside a longer message ("bor pa norrebro", "bronshoj"): compare loose keys.
        tokens = [fold_loose(t) for t in key.split()]
        spans = {"".join(tokens[i : i + n]) for n in (1, 2, 3) for i in range(len(tokens) - n + 1)}
        for muni, _, lkey in self._muni_names:
            if lkey in spans:
                return PlaceMatch(text, muni, None)
        for name, _, lkey, muni, outside, note in self._places:
            if len(lkey) >= 4 and lkey in spans:
                return PlaceMatch(name, muni, outside, note)
        close = difflib.get_close_matches(loose, [p[2] for p in self._places] + [m[2] for m in self._muni_names], n=1, cutoff=0.85)
        if close:
            for muni, _, lkey in self._muni_names:
                if lkey == close[0]:
                    return PlaceMatch(text, muni, None)
            for name, _, lkey, muni, outside, note in self._places:
                if lkey == close[0]:
                    return PlaceMatch(name, muni, outside, note)
        return None

    # -- units --------------------------------------------------------------
    def find_units(self, text: str, municipality_id: str | None = None) -> list[UnitInfo]:
        """Units a typed name may mean, best first. Tolerates typos and missing æøå.

        Several results when a name is shared (U-turn in København and on
        Frederiksberg); the person's municipality, if known, comes first.
        """
        if not text or not text.strip():
            return []
        self._db()
        key, loose = fold(text), fold_loose(text)
        ids = self._match_names(key, loose)
        if municipality_id:
            ids.sort(key=lambda uid: self.unit(uid).municipality_id != municipality_id)
        return [self.unit(uid) for uid in ids]

    def _match_names(self, key: str, loose: str) -> list[str]:
        def unique(ids: Iterable[str]) -> list[str]:
            return list(dict.fromkeys(ids))

        exact = unique(uid for uid, _, _, folded, lkey in self._names if key == folded or loose == lkey)
        if exact:
            return exact
        if not key:
            return []
        padded = f" {key} "
        # The typed text contains a known name ("hvornår åbner nyropsgade i dag").
        contained = unique(uid for uid, _, _, folded, _ in self._names if len(folded) >= 3 and f" {folded} " in padded)
        if contained:
            return contained
        # A known name starts with what was typed ("prags", "vigerslev").
        if len(key) >= 4:
            prefix = unique(uid for uid, _, _, folded, _ in self._names if folded.startswith(key) or f" {key}" in f" {folded}")
            if prefix:
                return prefix
        fts = self._fts(key)
        if fts:
            return fts
        loose_names = [lkey for _, _, _, _, lkey in self._names]
        close = difflib.get_close_matches(loose, loose_names, n=3, cutoff=0.8)
        return unique(uid for c in close for uid, _, _, _, lkey in self._names if lkey == c)

    def names_in(self, text: str, raw: str = "") -> list[NameMatch]:
        """Every unit name or alias that stands in a message, longest first, without overlaps.

        "hvornår har rusmiddelbehandling hørsholmsgade åbent" names Hørsholmsgade by
        its full name; the shorter "Rusmiddelbehandling" inside it does not count
        again. Words that are also everyday Danish ("pas", "tur") count only when
        written in capitals, as names are.
        """
        self._db()
        key = fold(text)
        if not key:
            return []
        padded = f" {key} "
        taken: list[tuple[int, int]] = []
        out: list[NameMatch] = []
        for uid, _, _name, folded, _ in sorted(self._names, key=lambda n: -len(n[3])):
            if not folded:
                continue
            at = padded.find(f" {folded} ")
            if at < 0:
                continue
            if folded in AMBIGUOUS_WORDS and not _named(folded, padded[:at], padded[at + len(folded) + 2 :], raw or text):
                continue
            span = (at, at + len(folded) + 1)
            if any(s < span[1] and span[0] < e for s, e in taken if (s, e) != span):
                continue
            taken.append(span)
            out.append(NameMatch(uid, folded, at))
        known_words = {f for _, _, _, f, _ in self._names}
        # Misspelled names ("prags bulevard", "brydhuset"): one to four words at a time, loosely.
        keys: dict[str, str] = {}
        for uid, _, _, _, lkey in self._names:
            if len(lkey) >= 7:
                keys.setdefault(lkey, uid)
        tokens = _tokens_at(key)
        for n in (4, 3, 2, 1):
            for i in range(len(tokens) - n + 1):
                at = tokens[i][0]
                end = tokens[i + n - 1][0] + len(tokens[i + n - 1][1])
                if any(s < end and at < e for s, e in taken):
                    continue
                span = "".join(fold_loose(t) for _, t in tokens[i : i + n])
                if len(span) < 6:
                    continue
                close = difflib.get_close_matches(span, list(keys), n=1, cutoff=0.92 if n > 1 else 0.88)
                if close:
                    taken.append((at, end))
                    out.append(NameMatch(keys[close[0]], fold(close[0]), at))
        acronyms = {
            "".join(sorted(f)): uid
            for uid, _, name, f, _ in self._names
            if 3 <= len(f) <= 5 and " " not in f and name.isupper() and f not in AMBIGUOUS_WORDS
        }
        for at, token in _tokens_at(key):
            if 4 <= len(token) <= 5 and token not in known_words and not any(s <= at < e for s, e in taken):
                uid = acronyms.get("".join(sorted(token)))
                if uid:
                    out.append(NameMatch(uid, token, at))
        out.sort(key=lambda m: m.position)
        return out

    def units_named_like(self, stem: str, municipality_id: str | None = None, loose: bool = False) -> list[UnitInfo]:
        """Units with a name or alias containing `stem` ("rusmiddelcent"; with loose=True a fold_loose
        key such as "uturn"), in one municipality or all."""
        self._db()
        ids = [
            uid
            for uid, muni, _, folded, lkey in self._names
            if (stem in lkey if loose else (stem in folded or stem in lkey)) and (municipality_id is None or muni == municipality_id)
        ]
        return [self.unit(uid) for uid in dict.fromkeys(ids)]

    def municipality_by_typo(self, text: str) -> str | None:
        """'kobenhvn', 'frederiksbrg' -> the municipality (one word, close spelling)."""
        self._db()
        names = {lkey: muni for muni, folded, lkey in self._muni_names if len(lkey) >= 6}
        for _, token in _tokens_at(fold(text)):
            if len(token) >= 6:
                close = difflib.get_close_matches(fold_loose(token), list(names), n=1, cutoff=0.85)
                if close:
                    return names[close[0]]
        return None

    def _fts(self, key: str) -> list[str]:
        words = [w for w in key.split() if len(w) >= 3]
        if not words:
            return []
        query = " ".join(f'"{w}"*' for w in words)  # words are [a-z0-9] only after fold()
        try:
            rows = self._rows(
                "SELECT n.unit_id FROM unit_names_fts f JOIN unit_names n ON n.rowid = f.rowid "
                "WHERE unit_names_fts MATCH ? ORDER BY rank LIMIT 5",
                [query],
            )
        except sqlite3.OperationalError:
            return []
        return list(dict.fromkeys(r["unit_id"] for r in rows))

    def find_historic(self, text: str) -> HistoricMatch | None:
        """An old unit name from the 2015 reorganisation, and where to go now."""
        if not text:
            return None
        key, loose = fold(text), fold_loose(text)
        padded = f" {key} "
        words = [fold_loose(w) for w in key.split() if len(w) >= 10]
        for hid, folded, lkey in self._historic:
            # "alkoholenheden" for "Alkoholenhederne": the same long word with another ending
            near = len(lkey) >= 10 and any(w[:10] == lkey[:10] and abs(len(w) - len(lkey)) <= 3 for w in words)
            if key == folded or loose == lkey or (len(folded) >= 4 and f" {folded} " in padded) or near:
                row = self._rows(f"SELECT {self._select('historic_names')} FROM historic_names WHERE id = ?", [hid])[0]
                now = tuple(
                    r["unit_id"] for r in self._rows("SELECT unit_id FROM historic_now WHERE historic_id = ? ORDER BY unit_id", [hid])
                )
                return HistoricMatch(row["name"], row["was"], now, row["municipality_id"], row["ref"])
        return None
