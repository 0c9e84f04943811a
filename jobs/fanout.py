"""The fan-out job: queue the emails of seminar changes recorded by the console or the import
(a move, a cancellation, an announcement, seats given), chunk by chunk (app/seminars/expand.py)."""
from __future__ import annotations

import logging

from flask import Flask

from app.seminars.expand import Finished, expand_due

log = logging.getLogger("jobs.fanout")

#: One run keeps expanding for at most this long; the next run, a second later, goes on.
RUN_SECONDS = 50


def expand_fanouts(app: Flask) -> None:
    """Expand what is running; log one line per fan-out finished."""
    with app.app_context():
        try:
            finished = expand_due(app.config["CLOCK"], RUN_SECONDS)
        except Exception:  # noqa: BLE001  each chunk committed stands; the claim expires and the next run goes on
            log.exception("fanout: the run stopped")
            return
        for done in finished:
            log.info("%s", summary(done))


def summary(done: Finished) -> str:
    """``fanout: moved seminar-1 done, queued 20000 in 95.2 s``."""
    return f"fanout: {done.kind} {done.seminar} done, queued {done.queued} in {done.seconds:.1f} s"
