"""Fixtures of the outbox's tests."""
from __future__ import annotations

import pytest

from tests.app.outbox.sink import RawRecorder, recording


@pytest.fixture()
def raw_smtp(smtp):
    """``smtp`` recording bytes and connections (``raw_smtp.handler.received``)."""
    with recording(smtp, RawRecorder()) as server:
        yield server
