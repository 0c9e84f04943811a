"""The stop-reminders link: GET asks (mail scanners open links), POST stops.

The POST is also RFC 8058's one-click unsubscribe: mail clients send it with the body
``List-Unsubscribe=One-Click`` and no CSRF token, so the signed link is the only credential;
it can stop reminders and nothing else.
"""
from __future__ import annotations

from flask import render_template, request

from app import clock
from app.extensions import csrf
from app.reminders import bp, service


@bp.route("/reminders/stop/<token>", methods=["GET", "POST"])
@csrf.exempt
def stop(token: str):
    registrant = service.read_stop_token(token) if len(token) <= 200 else None
    if registrant is None:
        return render_template("reminders/stop.html", invalid=True), 404
    if request.method == "POST":
        service.stop(registrant, clock.now())
        return render_template("reminders/stop.html", registrant=registrant, stopped=True)
    return render_template("reminders/stop.html", registrant=registrant, stopped=False)
