"""rasa_patches: installed from one place, never on import, only on Rasa 3.6.21, switchable off."""

from __future__ import annotations

import json
import logging
import subprocess

import rasa.core.actions.action as rasa_action
from stack import ROOT, VENV_BIN

import rasa_patches
from rasa_patches import action_timeout

# Every private name a patch replaces: (module or class path, attribute).
TOUCHED = [
    ("rasa.core.actions.action", "DEFAULT_REQUEST_TIMEOUT"),
    ("rasa.utils.common", "_filter_warnings"),
    ("rasa.shared.core.trackers.DialogueStateTracker", "copy"),
    ("rasa.core.policies.rule_policy.RulePolicy", "_get_possible_keys"),
    ("rasa.engine.runner.dask.DaskGraphRunner", "run"),
    ("rasa.utils.endpoints.EndpointConfig", "request"),
    ("rasa.shared.nlu.training_data.features.Features", "_combine_sparse_features"),
    ("rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer.CountVectorsFeaturizer", "_create_features"),
    ("rasa.utils.tensorflow.models.RasaModel", "_rasa_predict"),
    ("rasa.utils.tensorflow.models.RasaModel", "load"),
    ("rasa.core.actions.action.RemoteAction", "_action_call_format"),
    ("rasa.core.actions.action.RemoteAction", "_validate_action_result"),
    ("rasa.shared.core.domain.Domain", "states_for_tracker_history"),
]

_SNAPSHOT = """
import importlib, json, sys
sys.path.insert(0, %r)
def ident(path, attr):
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
            break
        except ImportError:
            continue
    for name in parts[i:]:
        obj = getattr(obj, name)
    value = obj.__dict__[attr] if isinstance(obj, type) else getattr(obj, attr)
    return repr(value) if isinstance(value, (int, float)) else getattr(value, "__module__", "") + "." + getattr(value, "__qualname__", "")
touched = json.loads(sys.argv[1])
before = [ident(p, a) for p, a in touched]
%s
after = [ident(p, a) for p, a in touched]
print(json.dumps({"before": before, "after": after}))
"""


def _snapshot(statement: str) -> dict:
    code = _SNAPSHOT % (str(ROOT), statement)
    done = subprocess.run(
        [str(VENV_BIN / "python"), "-c", code, json.dumps(TOUCHED)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(VENV_BIN), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_addons_and_the_patch_package_changes_nothing_in_rasa():
    seen = _snapshot(
        "import addons, addons.channels, addons.crisis_guard, addons.tracker_store, addons.lock_store, addons.privacy, rasa_patches"
    )
    assert seen["before"] == seen["after"]


def test_install_replaces_every_listed_private_name_and_uninstall_puts_rasas_back():
    seen = _snapshot("import rasa_patches; rasa_patches.install()")
    changed = [t for t, b, a in zip(TOUCHED, seen["before"], seen["after"]) if b != a]
    assert changed == TOUCHED


def test_off_installs_nothing(monkeypatch, caplog):
    rasa_patches.uninstall()
    try:
        monkeypatch.setenv("VEJVISER_RASA_PATCHES", "off")
        with caplog.at_level(logging.INFO, logger="vejviser.rasa_patches"):
            assert rasa_patches.install() == []
        assert "pure Rasa" in caplog.text
        assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 300
    finally:
        monkeypatch.delenv("VEJVISER_RASA_PATCHES")
        rasa_patches.install()


def test_another_rasa_version_installs_nothing(monkeypatch, caplog):
    rasa_patches.uninstall()
    try:
        monkeypatch.setattr(rasa_patches, "installed_rasa", lambda: "3.6.20")
        with caplog.at_level(logging.WARNING, logger="vejviser.rasa_patches"):
            assert rasa_patches.install() == []
        assert "written for Rasa 3.6.21 and this is Rasa 3.6.20" in caplog.text
    finally:
        monkeypatch.undo()
        rasa_patches.install()


def test_the_action_timeout_is_short_and_configurable(monkeypatch):
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 5.0
    monkeypatch.setenv("VEJVISER_ACTION_TIMEOUT", "2")
    action_timeout.install()
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 2.0
    monkeypatch.delenv("VEJVISER_ACTION_TIMEOUT")
    action_timeout.install()


def test_every_patch_module_is_listed_and_documented():
    modules = sorted(p.stem for p in (ROOT / "rasa_patches").glob("*.py") if p.stem not in ("__init__", "patching"))
    assert sorted(rasa_patches.PATCHES) == modules
    readme = (ROOT / "rasa_patches" / "README.md").read_text()
    for name in modules:
        assert f"`{name}.py`" in readme, name
