"""The query layer the actions call. Reads var/catalogue.db (read-only).

Everything here answers a question a person asks - which units fit me, what is
this unit called, when is it open, what are my rights - with the catalogue's
own records and the reason each answer fits. SQL is always parameterised.
`CatalogueDB` is put together from four parts, one file each:

- connection.py: opening the database, following staff's rebuilds, unit records;
- names.py: which place, unit or old unit name a person's words mean;
- ranking.py: which units fit a need, and why (`Reason`, `Note`);
- facts.py: facts, rights, complaint bodies and crisis contacts.

The records themselves are in records.py; how they are said, in actions/replies.py.

`CatalogueDB()` answers in Danish; `db.in_language("en")` is the same catalogue answering in
English (every text the records carry), with the same units, numbers, hours and sources.
"""

from __future__ import annotations

from .connection import DEFAULT_DB, LANGUAGES, CatalogueConnection, database_path
from .facts import Facts
from .names import NameResolution
from .ranking import MAX_RECOMMENDATIONS, Ranking
from .records import (
    NOTES,
    REASONS,
    CatalogueUnavailable,
    ComplaintInfo,
    Contact,
    HistoricMatch,
    Match,
    NameMatch,
    Need,
    Note,
    PlaceMatch,
    Reason,
    Recommendation,
    UnitInfo,
    format_phone,
)

__all__ = [
    "CatalogueDB",
    "shared",
    "database_path",
    "DEFAULT_DB",
    "LANGUAGES",
    "MAX_RECOMMENDATIONS",
    "CatalogueConnection",
    "CatalogueUnavailable",
    "ComplaintInfo",
    "Contact",
    "HistoricMatch",
    "Match",
    "NameMatch",
    "Need",
    "Note",
    "NOTES",
    "PlaceMatch",
    "Reason",
    "REASONS",
    "Recommendation",
    "UnitInfo",
    "format_phone",
]


class CatalogueDB(NameResolution, Ranking, Facts):
    """Read-only access to the built catalogue."""


_shared: CatalogueDB | None = None


def shared() -> CatalogueDB:
    """The process-wide catalogue (opened on first use)."""
    global _shared
    if _shared is None:
        _shared = CatalogueDB()
    return _shared
