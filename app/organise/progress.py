"""How far a seminar's emails are queued, as the console's seminar and registrants pages say it:
the fan-out job (app/seminars/expand.py) commits its progress with each chunk."""
from __future__ import annotations

from flask import current_app, g
from flask_babel import format_decimal, ngettext

from app.i18n import cldr
from app.models import Seminar
from app.seminars.fanout import latest
from calendars import zones


def emails_progress(seminar: Seminar) -> str:
    """``4,120 of 20,000 emails queued``, or ``All 20,000 emails queued at 14:05`` (in the zone the
    page is read in) for the last one finished; "" when the seminar never emailed its registrants."""
    fanout = latest(seminar.id)
    if fanout is None:
        return ""
    if fanout.running:
        return ngettext("%(queued)s of %(total)s email queued", "%(queued)s of %(total)s emails queued",
                        fanout.total, queued=format_decimal(fanout.queued), total=format_decimal(fanout.total))
    zone = g.zone.name if g.get("zone") else current_app.config["ORGANISER_TIMEZONE"]
    at = fanout.finished_at.astimezone(zones.get_zone(zone))
    return ngettext("All %(total)s email queued at %(time)s", "All %(total)s emails queued at %(time)s", fanout.queued,
                    total=format_decimal(fanout.queued), time=zones.format_clock(at.time(), cldr()))
