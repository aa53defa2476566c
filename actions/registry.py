"""The modules that define Rasa custom actions; `python -m actions.server` loads this.

`rasa run actions` walks the whole `actions` package instead, which works too:
the catalogue code lives in `actions/unit_catalogue/` - under its old name
`catalogue` the walk imported the PyPI package of that name (a spaCy
dependency) and crashed.
"""

from . import respond, safety  # noqa: F401 - imported for their Action subclasses
