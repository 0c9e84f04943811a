"""The vote tally as a CSV file for organisers: counts per city, never an address."""
from __future__ import annotations

import datetime as dt

from app.csv_export import csv_text
from app.models import Event
from app.vote import results


def tally_csv(event: Event, now: dt.datetime) -> str:
    """The tally at ``now`` as CSV text (``results.csv_rows``), cells neutralised."""
    return csv_text(results.csv_rows(results.tally(event, now)))
