"""Privacy: no telemetry or error reporting leaves the machine, and personal
numbers people type are redacted before Rasa sees them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from addons import privacy
from addons.privacy import CPR_MARK, EMAIL_MARK, MAX_MESSAGE_CHARS, PHONE_MARK, prepare, redact

ROOT = Path(__file__).resolve().parents[2]


def test_environment_switches_telemetry_off():
    env_sh = (ROOT / "scripts" / "env.sh").read_text()
    assert "export RASA_TELEMETRY_ENABLED=false" in env_sh
    out = subprocess.run(
        ["bash", "-c", "source scripts/env.sh && echo $RASA_TELEMETRY_ENABLED"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "false"


def test_rasa_has_no_telemetry_or_sentry_keys():
    """Rasa initialises Sentry from a bundled key even with telemetry disabled;
    scripts/privacy_lockdown.py removes the keys from the installed package."""
    import rasa.telemetry

    assert rasa.telemetry.sentry_write_key() is None
    assert rasa.telemetry.telemetry_write_key() is None


def test_rasa_reports_telemetry_disabled(monkeypatch):
    import rasa.telemetry

    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "false")
    assert rasa.telemetry.is_telemetry_enabled() is False


def test_global_rasa_config_disables_telemetry():
    config = yaml.safe_load(Path(os.path.expanduser("~/.config/rasa/global.yml")).read_text())
    assert config["metrics"]["enabled"] is False


def _load_lockdown():
    import importlib.util

    spec = importlib.util.spec_from_file_location("privacy_lockdown", ROOT / "scripts" / "privacy_lockdown.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lockdown_strips_keys_and_is_idempotent(tmp_path):
    lockdown = _load_lockdown()

    keys = tmp_path / "keys"
    keys.write_text(json.dumps({"segment": "abc", "sentry": "def@o1"}))
    assert lockdown.strip_write_keys(keys) is True
    assert json.loads(keys.read_text()) == {}
    assert lockdown.strip_write_keys(keys) is False
    config = tmp_path / "global.yml"
    config.write_text("metrics:\n  enabled: true\n  rasa_user_id: x\n")
    assert lockdown.disable_in_global_config(config) is True
    assert yaml.safe_load(config.read_text())["metrics"] == {"enabled": False, "rasa_user_id": "x"}


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("mit cpr er 010190-1234 og jeg ryger", f"mit cpr er {CPR_MARK} og jeg ryger"),
        ("cpr 0101901234", f"cpr {CPR_MARK}"),
        ("ring til mig på 22 33 44 55", f"ring til mig på {PHONE_MARK}"),
        ("+45 22334455", PHONE_MARK),
        ("skriv til anna.b@example.dk tak", f"skriv til {EMAIL_MARK} tak"),
        ("jeg er 19 og bor i 2300", "jeg er 19 og bor i 2300"),  # ages and postcodes stay
        ("hvad er åbningstiden kl. 8.00-12.00", "hvad er åbningstiden kl. 8.00-12.00"),
    ],
)
def test_redaction(typed, expected):
    assert redact(typed) == expected


def test_prepare_cleans_control_and_bidi_characters():
    assert prepare("hej\x00\x07 med\u202e dig\ufeff") == ("hej med dig", False)
    assert prepare("x" * (MAX_MESSAGE_CHARS + 1)) == ("", True)
    assert prepare(None) == ("", False)
    assert prepare("\ud800 hej") == ("hej", False)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_prepare_never_fails_and_never_keeps_a_cpr_number(text):
    cleaned, too_long = prepare(text)
    assert isinstance(cleaned, str)
    if not too_long:
        assert len(cleaned) <= MAX_MESSAGE_CHARS
        assert privacy._CPR.search(cleaned) is None
        assert privacy._EMAIL.search(cleaned) is None
        cleaned.encode("utf-8")  # storable: no lone surrogates


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}", fullmatch=True), st.text(alphabet="abc æøå", max_size=20)
)
def test_any_cpr_number_inside_text_is_removed(cpr, around):
    cleaned, _ = prepare(f"{around} {cpr} {around}")
    assert cpr not in cleaned and CPR_MARK in cleaned
