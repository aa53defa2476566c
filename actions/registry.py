"""The modules that define Rasa custom actions; the action server loads this.

rasa_sdk would otherwise walk the whole `actions` package with
pkgutil.walk_packages, which imports sub-packages by their bare name - and
`catalogue` is also the name of a spaCy dependency, so it would import the
wrong package. Listing the action modules here avoids that.
"""
from . import respond, safety  # noqa: F401 - imported for their Action subclasses
