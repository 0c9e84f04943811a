"""Console pages of a vote: the live tally (confirmed and pending) and its CSV, counts only."""
from __future__ import annotations

from flask import render_template

from app import clock
from app.csv_export import csv_download
from app.organise.views.helpers import event_or_404
from app.vote import results, schedule
from app.vote.tally_csv import tally_csv


def vote_tally(slug: str):
    event, now = event_or_404(slug, kind="vote"), clock.now()
    window, announcement = schedule.window(event), schedule.announcement(event)
    return render_template("organise/vote.html", event=event, tally=results.tally(event, now), window=window,
                           state=window.state(now), announcement=announcement,
                           public=announcement is not None and now >= announcement.at)


def vote_tally_csv(slug: str):
    event = event_or_404(slug, kind="vote")
    return csv_download(tally_csv(event, clock.now()), f"{event.slug}-tally.csv")
