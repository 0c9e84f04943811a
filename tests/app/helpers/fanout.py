"""Running the fan-out job's work to completion, as the scheduler does a second after an edit."""
from __future__ import annotations

from flask import current_app

from app.seminars.expand import Finished, expand_due


def finish_fanouts() -> list[Finished]:
    """Expand every running fan-out into the outbox (what the scheduler's job would do next)."""
    return expand_due(current_app.config["CLOCK"], seconds=600)
