"""Vote pages: the ballot, the emailed confirmation, the results after the announcement."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, g, redirect, render_template, request, url_for

from app import clock
from app.extensions import db, limiter
from app.models import Event
from app.ratelimits import address_key, invalid_address
from app.form_fields import options
from app.vote import bp, results, schedule, service
from app.vote.chart import bar_chart
from app.vote.forms import ConfirmVoteForm, VoteForm

_address_key = address_key("vote")
OFF_BALLOT = ("The city you chose is no longer on the ballot, so this vote was not counted. "
              "Please choose another city.")


def _vote_or_404(slug: str) -> Event:
    return db.one_or_404(sa.select(Event).filter_by(slug=slug, kind="vote"),
                         description=f"There is no vote “{slug[:80]}”.")


def _times(event: Event, now) -> schedule.Timing:
    return schedule.timing(event, now, g.zone.name)


@bp.get("/vote")
def index():
    """The vote open now, else the next, else the latest."""
    events, now = service.vote_events(), clock.now()
    if not events:
        abort(404, description="This programme has no vote.")
    states = [(schedule.window(e).state(now), e) for e in events]
    chosen = next((e for s, e in states if s == "open"), None) or next((e for s, e in states if s == "upcoming"),
                                                                         events[-1])
    return redirect(url_for("vote.ballot", slug=chosen.slug))


@bp.route("/vote/<slug>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["VOTE_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["VOTE_ADDRESS_LIMIT"], methods=["POST"], key_func=_address_key,
               exempt_when=invalid_address(_address_key))
def ballot(slug: str):
    event, now = _vote_or_404(slug), clock.now()
    times = _times(event, now)
    candidates = service.candidates()
    form = VoteForm()
    form.city.choices = options((c.city.slug, c.city.name) for c in candidates)
    refused = None
    if request.method == "GET" and request.args.get("city") in {c.city.slug for c in candidates}:
        form.city.data = request.args["city"]  # from a city page's "Vote for" button
    if request.method == "POST":
        if times.state != "open":
            refused = "Voting is not open, so your vote was not recorded."
        elif form.validate_on_submit():
            try:
                service.cast(event, form.email.data, form.city.data, g.zone.name, now)
                return redirect(url_for("vote.sent", slug=slug), code=303)
            except service.NotOnBallot:
                form.city.errors.append("Please choose one of the cities on the ballot.")
    return render_template("vote/ballot.html", event=event, form=form, candidates=candidates, refused=refused,
                           t=times), 400 if request.method == "POST" else 200


@bp.get("/vote/<slug>/sent")
def sent(slug: str):
    """The same page whether or not the address had voted: only its mailbox learns more."""
    event = _vote_or_404(slug)
    return render_template("vote/sent.html", event=event, t=_times(event, clock.now()))


@bp.route("/vote/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """GET only shows a button: mail scanners open every link and must not vote for anyone."""
    now = clock.now()
    try:
        ballot = service.read_token(token, now)
    except service.LinkError as error:
        return _link_error(str(error))
    event = db.session.get(Event, ballot.event_id)
    times = _times(event, now)
    form = ConfirmVoteForm()
    if times.state != "open":
        return render_template("vote/closed.html", event=event, t=times), 400
    if ballot.city_id not in {c.city.id for c in service.candidates()}:
        return _link_error(OFF_BALLOT)
    if form.validate_on_submit():
        try:
            done = service.confirm(token, now)
        except service.LinkError as error:  # the ballot went away since the page was drawn
            return _link_error(str(error))
        except service.NotOnBallot:
            return _link_error(OFF_BALLOT)
        return render_template("vote/confirmed.html", event=event, done=done, t=times)
    return render_template("vote/confirm.html", event=event, ballot=ballot, form=form, t=times)


def _link_error(message: str):
    return render_template("link_error.html", message=message, again_url=url_for("vote.index"),
                           again_label="Go to the vote"), 400


@bp.get("/vote/<slug>/results")
def results_page(slug: str):
    event, now = _vote_or_404(slug), clock.now()
    times = _times(event, now)
    if not times.public:
        return render_template("vote/results_hidden.html", event=event, t=times)
    found = results.tally(event, now)
    chart = bar_chart([(r.city.name, r.confirmed, r.share) for r in found.rows])
    return render_template("vote/results.html", event=event, tally=found, chart=chart, t=times)


@bp.app_template_global()
def vote_state(event: Event) -> str:
    """For the programme pages: ``upcoming``, ``open``, ``closed`` or ``announced``."""
    now = clock.now()
    return "announced" if schedule.is_public(event, now) else schedule.window(event).state(now)


@bp.app_template_global()
def open_vote() -> Event | None:
    """The vote taking votes now, if any (a city page offers it)."""
    now = clock.now()
    return next((e for e in service.vote_events() if schedule.window(e).state(now) == "open"), None)
