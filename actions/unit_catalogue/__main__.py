"""Staff commands for the unit catalogue.

    python -m actions.unit_catalogue validate          check catalogue/*.yml, list every problem
    python -m actions.unit_catalogue build             validate and rebuild var/catalogue.db (atomic)
    python -m actions.unit_catalogue units [-m kobenhavn]   list units with phone and hours status
    python -m actions.unit_catalogue week NAME         one unit's week, as the assistant would say it
    python -m actions.unit_catalogue overview          write docs/units.md for proofreading against the sources

The Makefile wraps these (make validate-catalogue, make catalogue, make units,
make unit-week UNIT=..., make units-doc). Exit status 1 means problems were found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..replies import describe_status, describe_week, kind_title
from .build import build_database, database_is_current
from .load import CatalogueInvalid, load_catalogue
from .overview import write_overview
from .query import CatalogueDB, CatalogueUnavailable, database_path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_DIR = ROOT / "catalogue"


def _catalogue_dir(args: argparse.Namespace) -> Path:
    return Path(args.catalogue) if args.catalogue else CATALOGUE_DIR


def cmd_validate(args: argparse.Namespace) -> int:
    cat = load_catalogue(_catalogue_dir(args))
    print(
        f"OK: {len(cat.units)} units, {sum(len(u.hours) for u in cat.units.values())} sets of hours, "
        f"{len(cat.facts)} facts, {len(cat.complaints)} complaint routes, {len(cat.sources)} sources."
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    target = Path(args.db) if args.db else database_path()
    if args.if_changed and database_is_current(_catalogue_dir(args), target):
        print(f"    up to date ({target})")
        return 0
    cat = build_database(_catalogue_dir(args), target)
    print(f"    built {target}: {len(cat.units)} units in {len(cat.municipalities)} municipalities")
    return 0


def _db(args: argparse.Namespace) -> CatalogueDB:
    return CatalogueDB(Path(args.db) if args.db else None)


def cmd_units(args: argparse.Namespace) -> int:
    from ..clock import now

    db, moment = _db(args), now()
    for unit in db.all_units(args.municipality):
        hours = unit.hours_of()
        status = describe_status(hours, moment) if hours else "-"
        phone = unit.contact.phone_display or "-"
        via = f" (via {unit.contact.via_name})" if unit.contact.via_name else ""
        print(f"{unit.id:26} {unit.municipality:13} {phone:>12}{via:1}  {unit.name}\n{'':41}{status}")
    return 0


def cmd_week(args: argparse.Namespace) -> int:
    from ..clock import now

    db = _db(args)
    units = db.find_units(args.name)
    if not units:
        print(f"No unit is called {args.name!r}. Try `units` for the list.", file=sys.stderr)
        return 1
    for unit in units:
        print(f"{unit.name} ({unit.municipality}) – {unit.contact.phone_display or 'ingen telefon i kilden'}")
        for hours in unit.hours:
            print(f"  {kind_title(hours)} [{hours.status}] – kilde: {hours.ref.text}")
            for line in describe_week(hours):
                print(f"    {line}")
            if hours.note:
                print(f"    Note: {hours.note}")
            print(f"    Nu: {describe_status(hours, now())}")
    return 0


def cmd_overview(args: argparse.Namespace) -> int:
    out = Path(args.out)
    write_overview(_db(args), out)
    print(f"    wrote {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actions.unit_catalogue", description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogue", help="folder with the YAML files (default: catalogue/)")
    parser.add_argument("--db", help="database file (default: $VEJVISER_DB or var/catalogue.db)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check the YAML files and list every problem").set_defaults(func=cmd_validate)
    b = sub.add_parser("build", help="validate and atomically rebuild the database")
    b.add_argument("--if-changed", action="store_true", help="skip when the database already matches the files")
    b.set_defaults(func=cmd_build)
    u = sub.add_parser("units", help="list units with phone and whether they are open now")
    u.add_argument("-m", "--municipality", choices=["kobenhavn", "frederiksberg", "gladsaxe", "rodovre"])
    u.set_defaults(func=cmd_units)
    w = sub.add_parser("week", help="show one unit's week as the assistant says it")
    w.add_argument("name", help="unit name or alias, e.g. Nyropsgade")
    w.set_defaults(func=cmd_week)
    o = sub.add_parser("overview", help="write a proofreading overview generated from the database")
    o.add_argument("--out", default=str(ROOT / "docs" / "units.md"))
    o.set_defaults(func=cmd_overview)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CatalogueInvalid as error:
        print(error, file=sys.stderr)
        print("Nothing was changed: the existing database (if any) is untouched.", file=sys.stderr)
        return 1
    except CatalogueUnavailable as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
