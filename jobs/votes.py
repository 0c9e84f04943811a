"""The vote job: forget the requests to vote that can no longer count (and the addresses in them)."""
from __future__ import annotations

import logging

from flask import Flask

from app.vote.service import forget_requests

log = logging.getLogger("jobs.votes")


def forget_vote_requests(app: Flask) -> None:
    """Forget what can no longer count; log one line for the run if it forgot any request."""
    with app.app_context():
        now = app.config["CLOCK"]()
        try:
            forgotten = forget_requests(now)
        except Exception:  # noqa: BLE001  nothing was deleted; the next run tries again
            log.exception("votes: forgetting requests at %s failed", now.isoformat())
            return
        if forgotten:
            log.info("votes: forgot %d request(s) to vote", forgotten)
