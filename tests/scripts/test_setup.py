"""Set-up: reproducible installs, no retraining when nothing changed, .ci/run is the README's command."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from stack import load_script

ROOT = Path(__file__).resolve().parents[2]


def _train_module():
    return load_script("train_if_needed")


def test_every_dependency_is_pinned_with_hashes():
    lock = (ROOT / "requirements" / "lock.txt").read_text()
    pins = [line for line in lock.splitlines() if line and not line.startswith((" ", "#"))]
    assert pins and all("==" in line for line in pins), [p for p in pins if "==" not in p][:5]
    assert "rasa==3.6.21" in lock and "--hash=sha256:" in lock
    assert "jaxlib" not in lock  # the verified recipe installs no jaxlib


def test_installed_environment_matches_the_lock():
    stamp = (ROOT / ".venv" / ".lock.sha256").read_text().strip()
    assert stamp == hashlib.sha256((ROOT / "requirements" / "lock.txt").read_bytes()).hexdigest()


def test_unchanged_data_does_not_retrain():
    train = _train_module()
    assert train.model_path().exists(), "set-up trains a model for the current inputs"
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "scripts/train_if_needed.py"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "no training needed" in result.stdout


def test_fingerprint_changes_with_training_data(tmp_path, monkeypatch):
    train = _train_module()
    before = train.fingerprint()
    monkeypatch.setattr(train, "ROOT", tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.yml").write_text("a")
    first = train.fingerprint()
    (tmp_path / "data" / "x.yml").write_text("b")
    assert train.fingerprint() != first != before


def test_every_custom_nlu_component_in_the_config_retrains_the_model_when_it_changes():
    import yaml

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    custom = {step["name"] for step in config["pipeline"] if step["name"].startswith("addons.")}
    files = {"/".join(name.split(".")[:-1]) + ".py" for name in custom}
    assert files and files <= set(_train_module().NLU_COMPONENTS), files - set(_train_module().NLU_COMPONENTS)


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "exec make test" in ci
    assert "make test" in (ROOT / "README.md").read_text()


def test_generated_files_are_not_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert not [f for f in tracked if f.startswith((".venv/", "var/")) or f.endswith((".tar.gz", ".db"))]
