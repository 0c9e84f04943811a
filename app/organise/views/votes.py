"""Console pages of a vote: the live tally (confirmed and pending) and its CSV, counts only."""
from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from app import clock
from app.csv_export import csv_download
from app.extensions import db
from app.models import Event
from app.organise.views.helpers import missing
from app.vote import results, schedule
from app.vote.tally_csv import tally_csv


def _vote(slug: str) -> Event:
    return db.one_or_404(sa.select(Event).filter_by(slug=slug, kind="vote"), description=missing(Event))


def vote_tally(slug: str):
    event, now = _vote(slug), clock.now()
    window, announcement = schedule.window(event), schedule.announcement(event)
    return render_template("organise/vote.html", event=event, tally=results.tally(event, now), window=window,
                           state=window.state(now), announcement=announcement,
                           public=announcement is not None and now >= announcement.at)


def vote_tally_csv(slug: str):
    event = _vote(slug)
    return csv_download(tally_csv(event, clock.now()), f"{event.slug}-tally.csv")
