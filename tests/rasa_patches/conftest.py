"""The patches' own tests test the patches, so they run with the switch on and the patches
installed - also when the whole suite runs on pure Rasa (`VEJVISER_RASA_PATCHES=off make
test`). Only for this folder: the rest of that run stays pure."""

from __future__ import annotations

import os

import pytest

import rasa_patches


@pytest.fixture(scope="package", autouse=True)
def patches_on():
    before = os.environ.get(rasa_patches.SWITCH)
    os.environ[rasa_patches.SWITCH] = "on"
    rasa_patches.install()
    yield
    if before is None:
        os.environ.pop(rasa_patches.SWITCH, None)
    else:
        os.environ[rasa_patches.SWITCH] = before
    if not rasa_patches.enabled():
        rasa_patches.uninstall()  # back to pure Rasa for the rest of a pure run
