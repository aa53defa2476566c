"""docs/units.md: the catalogue as the assistant knows it, for proofreading.

Generated from the database (not the YAML), so what staff proofread is what the
assistant says. Each line carries its source reference. No timestamps: the file
only changes when the catalogue does (tests/actions/unit_catalogue/test_overview.py checks it
is up to date).
"""

from __future__ import annotations

from pathlib import Path

from ..replies import describe_week, kind_title, source_phrase
from .query import CatalogueDB, UnitInfo, format_phone

STATUS_DA = {"stated": "som i kilden", "ambiguous": "USIKKER – se note", "not_stated": "står ikke i kilden"}


def _unit_lines(db: CatalogueDB, unit: UnitInfo) -> list[str]:
    c = unit.contact
    lines = [f"### {unit.name}", "", f"*{unit.summary}*", "", f"- Id: `{unit.id}` · kilde: {unit.ref}"]
    lines.append(f"- Adresse: {c.address or '– (ikke i kilden)'}")
    phone = c.phone_display or "– (ikke i kilden)"
    lines.append(f"- Telefon: {phone}" + (f" (via {c.via_name})" if c.via_name else ""))
    if c.email:
        lines.append(f"- E-mail: {c.email}")
    if c.note:
        lines.append(f"- Kontakt: {c.note}")
    if unit.age_min is not None or unit.age_max is not None:
        lines.append(f"- Alder: {unit.age_min if unit.age_min is not None else ''}–{unit.age_max if unit.age_max is not None else ''}")
    if unit.substances:
        lines.append("- Rusmidler: " + ", ".join(db.label("substances", s) for s in unit.substances))
    if unit.help:
        lines.append("- Hjælp: " + ", ".join(db.label("help", h) for h in unit.help))
    if unit.anonymous_talks:
        lines.append(f"- Anonymt: {unit.anonymous_talks}")
    if unit.walk_in is not None:
        lines.append(f"- Kan møde op selv: {'ja' if unit.walk_in else 'nej, via behandler/henvisning'}")
    for condition in unit.conditions:
        lines.append(f"- Betingelse: {condition}")
    for hours in unit.hours:
        extra = " · alle årets dage" if hours.all_year else ""
        lines.append(f"- {kind_title(hours)} ({STATUS_DA[hours.status]}{extra}) – kilde: {hours.ref.text}")
        lines.extend(f"    - {line}" for line in describe_week(hours))
        if hours.note:
            lines.append(f"    - Note: {hours.note}")
        if hours.planned:
            lines.append(f"    - Planlagt, ikke bekræftet: {hours.planned.text} ({hours.planned.ref.text})")
    return lines + [""]


def render_overview(db: CatalogueDB) -> str:
    out = [
        "# Enheder og åbningstider (genereret)",
        "",
        "Genereret af `make units-doc` fra `var/catalogue.db`, der bygges fra `catalogue/*.yml`.",
        "Ret i YAML-filerne, ikke her. Læs korrektur mod kilderne; hver linje har sin kildehenvisning.",
        "",
    ]
    for muni in db.municipality_ids():
        out += [f"## {db.municipality_name(muni)}", "", f"Kilde: {source_phrase(db, muni)}", ""]
        for unit in db.all_units(muni):
            out += _unit_lines(db, unit)
        out += ["#### Rettigheder og regler", ""]
        for topic in (
            "scope",
            "referral",
            "immediate_start",
            "waiting_time",
            "free_choice",
            "cost",
            "bisidder",
            "follow_up",
            "first_talk",
            "treatment_types",
            "youth",
            "parents",
            "anonymity",
            "relatives",
            "psychiatric",
            "pregnancy",
            "substitution",
            "heroin_assisted",
            "home",
            "alcohol",
            "privacy",
            "cognitive",
        ):
            for fact in db.facts(muni, topic):
                out.append(f"- **{db.label('fact_topics', topic)}**: {fact['text']} ({fact['ref']})")
        out += ["", "#### Klager", ""]
        for c in db.complaints(muni):
            bodies = "; ".join(f"{b['name']}" + (f", tlf. {format_phone(b['phone'])}" if b["phone"] else "") for b in c.bodies)
            out.append(
                f"- **{c.kind_label}**: {c.text}"
                + (f" Frist: {c.deadline}" if c.deadline else "")
                + (f" Videre til: {bodies}." if bodies else "")
                + f" ({c.ref})"
            )
        out.append("")
    out += ["## Krisenumre", ""]
    out += [f"- {c['label']}: {c['phone']} – {c['when_text']} ({c['ref']})" for c in db.crisis_contacts()]
    return "\n".join(out) + "\n"


def write_overview(db: CatalogueDB, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_overview(db), encoding="utf-8")
