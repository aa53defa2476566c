"""Wait VEJVISER_ACTION_TIMEOUT seconds (default 5) for a custom action instead of Rasa's 5 minutes.

Rasa 3.6 waits up to ``rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT`` (300 s) for
the action server; a person will not. With a short wait the channel guard
(addons/channels.py) answers with phone numbers quickly when the action server hangs.
With the patches off, a hanging action server is noticed only after Rasa's 300 s; a
stopped one (connection refused) is noticed at once either way.
"""

from __future__ import annotations

import os

import rasa.core.actions.action as rasa_action

_ORIGINAL = rasa_action.DEFAULT_REQUEST_TIMEOUT


def install() -> None:
    rasa_action.DEFAULT_REQUEST_TIMEOUT = float(os.environ.get("VEJVISER_ACTION_TIMEOUT", "5"))


def uninstall() -> None:
    rasa_action.DEFAULT_REQUEST_TIMEOUT = _ORIGINAL
