"""Facts, rights and complaints: the catalogue's own texts, each with its source reference,
in the view's language (`db.in_language("en")`): rows keep the Danish column names."""

from __future__ import annotations

import sqlite3

from .connection import CatalogueConnection
from .records import ComplaintInfo, UnitInfo


class Facts(CatalogueConnection):
    """Municipal facts by topic, national texts, complaint bodies and crisis contacts."""

    # -- facts, rights and complaints ----------------------------------------
    def facts(self, municipality_id: str, topic: str) -> list[sqlite3.Row]:
        return self._rows(
            f"SELECT {self._select('facts')} FROM facts WHERE municipality_id = ? AND topic = ? ORDER BY id", [municipality_id, topic]
        )

    def fact_text(self, municipality_id: str, topic: str) -> str | None:
        rows = self.facts(municipality_id, topic)
        return " ".join(r["text"] for r in rows) if rows else None

    def complaints(self, municipality_id: str) -> list[ComplaintInfo]:
        out = []
        for c in self._rows(
            f"SELECT {self._select('complaints')} FROM complaints WHERE municipality_id = ? ORDER BY id", [municipality_id]
        ):
            bodies = tuple(
                dict(r)
                for r in self._rows(
                    "SELECT a.* FROM complaint_bodies b JOIN authorities a ON a.id = b.authority_id WHERE b.complaint_id = ? ORDER BY a.id",
                    [c["id"]],
                )
            )
            out.append(ComplaintInfo(c["kind"], self.label("complaint_kinds", c["kind"]), c["text"], c["deadline"], bodies, c["ref"]))
        return out

    def national_text(self, text_id: str) -> str:
        rows = self._rows(f"SELECT {self._select('national_texts')} FROM national_texts WHERE id = ?", [text_id])
        if not rows:
            raise KeyError(text_id)
        return rows[0]["text"]

    def authorities(self) -> list[dict]:
        """Complaint bodies and ombudsmen (Ankestyrelsen, the borgerrådgivere, Styrelsen for Patientklager)."""
        return [dict(r) for r in self._rows("SELECT * FROM authorities ORDER BY id")]

    def national_ids(self) -> set[str]:
        return {r["id"] for r in self._rows("SELECT id FROM national_texts")}

    def crisis_contacts(self) -> list[sqlite3.Row]:
        """Rows with id, label, phone, when_text and ref, in the order they are named."""
        return self._rows(f"SELECT {self._select('crisis_contacts')} FROM crisis_contacts ORDER BY position")

    def units_with_help(self, municipality_id: str, help_kind: str) -> list[UnitInfo]:
        rows = self._rows(
            "SELECT DISTINCT o.unit_id FROM offers o JOIN unit_serves s ON s.unit_id = o.unit_id "
            "JOIN units u ON u.id = o.unit_id WHERE s.municipality_id = ? AND o.kind = 'help' AND o.value = ? "
            "ORDER BY u.rowid",
            [municipality_id, help_kind],
        )
        return [self.unit(r["unit_id"]) for r in rows]
