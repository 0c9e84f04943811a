"""The jobs' log lines, captured for the tests that read them."""
from __future__ import annotations

import logging

import pytest


@pytest.fixture()
def job_log(app, caplog):
    """``job_log()``: the ``jobs.*`` records so far as (logger, level, message), captured at INFO.

    A migration run in this process (migrations/env.py configures logging from alembic.ini) disables
    every logger that existed, the jobs' among them: they are enabled again here.
    """
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and (name == "jobs" or name.startswith("jobs.")):
            logger.disabled = False
    caplog.set_level(logging.INFO, logger="jobs")
    return lambda: [record for record in caplog.record_tuples if record[0].startswith("jobs.")]
