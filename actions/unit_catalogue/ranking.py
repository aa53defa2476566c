"""Ranking: which units fit what a person needs, best first, and why.

Returns records only - `Reason`s for each unit and `Note`s for the whole answer;
actions/replies.py says them.
"""

from __future__ import annotations

from .facts import Facts
from .records import Match, Need, Note, Reason, Recommendation, UnitInfo

MAX_RECOMMENDATIONS = 3


class Ranking(Facts):
    """`units_for(need)`: the units in the person's municipality that fit."""

    # -- recommendations ----------------------------------------------------
    def _substance_fit(self, wanted: str, offered: tuple[str, ...]) -> tuple[int, str | None]:
        """(score, offered value that matched). -1 means the unit does not treat it."""
        if not offered:
            return 0, None
        if wanted in offered:
            return 3, wanted
        for group in sorted(self._within.get(wanted, ())):
            if group in offered:
                return 2, group
        members = [s for s in offered if wanted in self._within.get(s, ())]
        if members:
            return 1, members[0]
        return -1, None

    def units_for(self, need: Need, limit: int | None = MAX_RECOMMENDATIONS) -> Recommendation:
        """Units in the person's municipality that fit, best first, with reasons (all of them if limit is None)."""
        self._db()
        ids = [
            r["unit_id"]
            for r in self._rows(
                "SELECT s.unit_id FROM unit_serves s JOIN units u ON u.id = s.unit_id WHERE s.municipality_id = ? "
                "ORDER BY u.municipality_id != ?, u.rowid",
                [need.municipality_id, need.municipality_id],
            )
        ]
        units = [self.unit(uid) for uid in ids]
        notes: list[Note] = []
        matches = self._score(units, need, notes, respect_age=True)
        if not matches and need.age is not None and need.age < 18:
            # Nothing written for this age: the places for the young nearest to it - a child is never
            # sent to an adults' place - and a note that the age is outside what the source names.
            matches = [m for m in self._score(units, need, [], respect_age=False) if m.unit.age_max is not None and m.unit.age_max <= 30]
            if matches:
                notes.append(Note("no_offer_for_age", need.municipality_id, age=need.age))
        matches.sort(key=lambda m: -m.score)
        if not matches:
            contact = self.contact_unit(need.municipality_id)
            matches = [Match(contact, 0, [Reason("way_in")])]
        return Recommendation(matches[:limit] if limit else matches, list(dict.fromkeys(notes)))

    def _score(self, units: list[UnitInfo], need: Need, notes: list[Note], respect_age: bool) -> list[Match]:
        special = need.help
        matches: list[Match] = []
        substance_missed = False
        for unit in units:
            score = 0
            reasons: list[Reason] = []
            if need.for_relative:
                if not ("relatives" in unit.help or unit.for_relatives):
                    continue
                score += 5
                reasons.append(Reason("relatives"))
            elif unit.kind == "relatives_group" or (unit.kind == "line" and not special):
                continue
            if unit.kind == "outreach" and special not in unit.help:
                continue
            if unit.walk_in is False and special not in unit.help:
                continue
            if unit.kind == "authority" and not (need.age is not None and need.age < 18 and unit.age_max is not None and unit.age_max < 18):
                continue
            # Age.
            if need.age is not None:
                too_young = unit.age_min is not None and need.age < unit.age_min
                too_old = unit.age_max is not None and need.age > unit.age_max
                if respect_age and (too_young or too_old):
                    continue
                if unit.age_max is not None and unit.age_max <= 30 and not (too_young or too_old):
                    score += 3
                    reasons.append(Reason("age"))
            elif unit.age_max is not None and unit.age_max < 18:
                continue
            # Substance.
            if need.substance and not need.for_relative:
                fit, offered = self._substance_fit(need.substance, unit.substances)
                if fit < 0:
                    substance_missed = True
                    continue
                if fit > 0:
                    score += fit
                    reasons.append(Reason("substance", offered if fit < 3 else need.substance))
            # Special need.
            if special and special in unit.help:
                score += 6
                reasons.append(Reason("help", special))
            # Anonymity.
            if need.anonymous and unit.anonymous_talks:
                score += 4
                reasons.append(Reason("anonymous", unit.anonymous_talks))
            if unit.walk_in:
                score += 1
                reasons.append(Reason("walk_in"))
            if unit.kind == "authority":
                reasons.append(Reason("grants_youth"))
            matches.append(Match(unit, score, reasons))
        if special and any(special in m.unit.help for m in matches):
            offering = [m for m in matches if special in m.unit.help]
            # Offered only by places you cannot walk into (Enghavevej, KABS): the way in comes too.
            way_in = (
                [] if any(m.unit.walk_in is not False for m in offering) else [m for m in matches if m not in offering and m.unit.walk_in]
            )
            matches = offering + way_in
        elif special and matches:
            notes.append(Note("no_special_offer", need.municipality_id, special))
        if need.anonymous and any(m.unit.anonymous_talks for m in matches):
            matches = [m for m in matches if m.unit.anonymous_talks]
        elif need.anonymous and matches:
            notes.append(Note("anonymity_unknown", need.municipality_id))
        if need.substance and substance_missed and not matches:
            topic_note = self.facts(need.municipality_id, "alcohol") if need.substance == "alcohol" else []
            notes.extend(Note("fact", need.municipality_id, f["text"]) for f in topic_note)
            if not topic_note:
                notes.append(Note("no_substance_info", need.municipality_id, need.substance))
        return matches
