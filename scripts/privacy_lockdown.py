"""Switch off everything in Rasa that could send data off this machine.

Rasa 3.6 sends usage telemetry (Segment) unless disabled, and it initialises
Sentry error reporting from a key shipped inside the package *whether or not
telemetry is disabled* (rasa/telemetry.py, initialize_error_reporting). An
exception message can contain what a person typed about their drug use, so we
remove both write keys from the installed package and record telemetry as
disabled in Rasa's global config. RASA_TELEMETRY_ENABLED=false is also set by
scripts/env.sh for every process. tests/addons/test_privacy.py checks all three.

Idempotent; run by scripts/setup.sh after every install.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import yaml

GLOBAL_CONFIG = Path(os.path.expanduser("~/.config/rasa/global.yml"))


def rasa_keys_file() -> Path:
    spec = importlib.util.find_spec("rasa")
    if spec is None or spec.origin is None:
        raise SystemExit("rasa is not installed in this environment")
    return Path(spec.origin).parent / "keys"


def strip_write_keys(keys_file: Path) -> bool:
    """Empty Rasa's bundled Segment and Sentry write keys. True if changed."""
    try:
        current = json.loads(keys_file.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        current = None
    if current == {}:
        return False
    keys_file.write_text("{}")
    return True


def disable_in_global_config(path: Path = GLOBAL_CONFIG) -> bool:
    """Same effect as `rasa telemetry disable`, without importing Rasa."""
    config = {}
    if path.exists():
        config = yaml.safe_load(path.read_text()) or {}
    metrics = config.get("metrics") or {}
    if metrics.get("enabled") is False:
        return False
    metrics["enabled"] = False
    config["metrics"] = metrics
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config))
    return True


def main() -> None:
    keys = rasa_keys_file()
    changed = strip_write_keys(keys)
    print(f"    telemetry and Sentry write keys removed from {keys}" if changed else "    Rasa's write keys already removed")
    changed = disable_in_global_config()
    print(f"    telemetry disabled in {GLOBAL_CONFIG}" if changed else f"    telemetry already disabled in {GLOBAL_CONFIG}")


if __name__ == "__main__":
    main()
