"""Verify mode: compare what Vejviser keeps or copies with what Rasa itself would compute.

``VEJVISER_TRACKER_CACHE_VERIFY=1`` (the end-to-end test stack) turns it on. Used by the
tracker store (addons/tracker_store.py) and by the speed patches that keep state between
turns (rasa_patches/states_cache.py, rasa_patches/tracker_copy.py).
"""

from __future__ import annotations

import json
import os
from typing import Any

# Logged in verify mode when a tracker from memory differs from the database.
MISMATCH = "TRACKER CACHE MISMATCH"


def verify_mode() -> bool:
    """``VEJVISER_TRACKER_CACHE_VERIFY=1`` (the test stack): check what is kept or copied against Rasa's own."""
    return os.environ.get("VEJVISER_TRACKER_CACHE_VERIFY", "") == "1"


def as_json(value: Any) -> Any:
    """``value`` as it reads back from JSON (tuples become lists), for comparing trackers."""
    return json.loads(json.dumps(value, sort_keys=True, default=repr))


def differing_fields(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
