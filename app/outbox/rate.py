"""A cap on messages per destination domain (``OUTBOX_DOMAIN_RATE``), counted with the ``limits``
library in the storage the app's rate limits use (``RATELIMIT_STORAGE_URI``: Redis in production),
so the cap holds across scheduler processes and their connections.

A sender asks the gate before each message: 0 means go (the message is counted), more means wait
that many seconds for the window. A capped message waits; it is neither failed nor retried.
"""
from __future__ import annotations

import time
from email.utils import parseaddr

from flask import current_app
from limits import parse
from limits.storage import Storage, storage_from_string
from limits.strategies import STRATEGIES


class DomainGate:
    """``wait(recipient)``: 0 when a message to that address's domain may go now (and counts it),
    else the seconds until the domain's window allows one more."""

    def __init__(self, rate: str, storage: Storage, strategy: str = "fixed-window", clock=time.time):
        self.item = parse(rate) if rate.strip() else None
        self.limiter = STRATEGIES[strategy](storage)
        self.clock = clock

    def wait(self, recipient: str) -> float:
        if self.item is None:
            return 0.0
        domain = parseaddr(recipient)[1].rpartition("@")[2].lower()
        if self.limiter.hit(self.item, "outbox-domain", domain):
            return 0.0
        reset_at = self.limiter.get_window_stats(self.item, "outbox-domain", domain).reset_time
        return max(reset_at - self.clock(), 0.01)


def domain_gate() -> DomainGate:
    """The app's gate: ``OUTBOX_DOMAIN_RATE`` counted in the rate limiter's storage."""
    from app.extensions import limiter

    config = current_app.config
    try:
        storage = limiter.storage  # the very storage of the app's limits, once Flask-Limiter is set up
    except AssertionError:  # not initialised: the same URI gives the same counters (Redis)
        storage = None
    if storage is None:
        storage = storage_from_string(config["RATELIMIT_STORAGE_URI"])
    return DomainGate(config["OUTBOX_DOMAIN_RATE"], storage, config.get("RATELIMIT_STRATEGY", "fixed-window"))
