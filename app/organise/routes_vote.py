"""Console pages of a vote: the live tally (confirmed and pending) and its CSV, counts only."""
from __future__ import annotations

from flask import current_app, render_template

from app.models import Event
from app.organise import bp, people
from app.organise.routes import csv_download, get_or_404
from app.vote import results, schedule


def _vote(slug: str) -> Event:
    return get_or_404(Event, slug=slug, kind="vote")


@bp.route("/votes/<slug>")
def vote_tally(slug: str):
    event, now = _vote(slug), current_app.config["CLOCK"]()
    window, announcement = schedule.window(event), schedule.announcement(event)
    return render_template("organise/vote.html", event=event, tally=results.tally(event, now), window=window,
                           state=window.state(now), announcement=announcement,
                           public=announcement is not None and now >= announcement.at)


@bp.route("/votes/<slug>/tally.csv")
def vote_tally_csv(slug: str):
    event = _vote(slug)
    found = results.tally(event, current_app.config["CLOCK"]())
    return csv_download(people.csv_text(results.csv_rows(found)), f"{event.slug}-tally.csv")
