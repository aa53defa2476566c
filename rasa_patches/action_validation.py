"""Check the action server's answers with a JSON-schema validator built once.

Rasa 3.6 checks every custom action's response with
``jsonschema.validate(result, schema)``. That helper first validates the
*schema itself* against the JSON-schema metaschema, on every call; with
jsonschema 4.17 this was about two thirds of the Rasa server's CPU time per
turn (py-spy, docs/profiling.md). Here the schema is checked once and the
same validator is reused: the same schema, the same choice of error
(``best_match``), the same message. Installed by ``rasa_patches.install()`` (scripts/rasa_run.py).
"""

from __future__ import annotations

from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_MARK = "_vejviser_cached_validator"
RASA_VALIDATE = RemoteAction.__dict__["_validate_action_result"]


def uninstall() -> None:
    RemoteAction._validate_action_result = RASA_VALIDATE


def install() -> None:
    if getattr(RemoteAction._validate_action_result, _MARK, False):
        return
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    setattr(_validate_action_result, _MARK, True)
    RemoteAction._validate_action_result = _validate_action_result
