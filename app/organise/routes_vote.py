"""Console pages of a vote: the live tally (confirmed and pending) and its CSV, counts only."""
from __future__ import annotations

import csv
import io

from flask import Response, current_app, render_template

from app.models import Event
from app.organise import bp
from app.organise.people import neutralise
from app.organise.routes import get_or_404
from app.vote import results, service


def _vote(slug: str) -> Event:
    return get_or_404(Event, slug=slug, kind="vote")


@bp.route("/votes/<slug>")
def vote_tally(slug: str):
    event, now = _vote(slug), current_app.config["CLOCK"]()
    return render_template("organise/vote.html", event=event, tally=results.tally(event, now),
                           window=service.window(event), state=service.window(event).state(now),
                           announcement=results.announcement(event), public=results.is_public(event, now))


@bp.route("/votes/<slug>/tally.csv")
def vote_tally_csv(slug: str):
    event = _vote(slug)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([[neutralise(cell) for cell in row]
                      for row in results.csv_rows(results.tally(event, current_app.config["CLOCK"]()))])
    # The BOM makes Excel read the file as UTF-8 (São Paulo, Bogotá stay intact).
    return Response(("\ufeff" + out.getvalue()).encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-tally.csv"', "Cache-Control": "no-store"})
