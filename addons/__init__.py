"""Rasa-server-side extensions: custom channels, privacy redaction and NLU components.

Importing the package also makes trained models load without tracing their
training graph (addons/fast_model_load.py): Rasa imports it before loading a
model, because the NLU pipeline names addons.crisis_guard.CrisisGuard.
"""
from .fast_model_load import install as _install_fast_model_load

_install_fast_model_load()
