"""Vote pages: the ballot, the emailed confirmation, the results after the announcement. A vote's
pages are under its programme (/p/<programme>/vote/<slug>); the emailed link names its ballot, so
it stands alone. The single-programme URLs (/vote, /vote/<slug> ...) redirect (app/old_urls.py)."""
from __future__ import annotations

from babel.lists import format_list
from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app import clock, content, i18n, old_urls
from app.extensions import db, limiter
from app.form_fields import options
from app.models import Event, Programme
from app.programme_scope import old_urls_or_404, serving_old_urls
from app.ratelimits import address_key, invalid_address
from app.vote import bp, results, schedule, service
from app.vote.chart import bar_chart
from app.vote.forms import ConfirmVoteForm, VoteForm

_address_key = address_key("vote")
OFF_BALLOT = _l("The city you chose is no longer on the ballot, so this vote was not counted. "
               "Please choose another city.")


def _vote_or_404(slug: str) -> Event:
    """The vote ``slug`` of the page's programme (by an old URL: of any public programme)."""
    event = service.get_vote(slug, None if old_urls.requested() else g.programme)
    if event is None or not event.programme.public:
        abort(404, description=_("There is no vote “%(slug)s”.", slug=slug[:80]))
    return event


def _owner(slug: str) -> Programme:
    """Where an old /vote/<slug> URL goes: the programme holding the vote."""
    return _vote_or_404(slug).programme


def _times(event: Event, now) -> schedule.Timing:
    return schedule.timing(event, now, g.zone.name)


@bp.get("/p/<programme>/vote")
@bp.get("/vote")
@old_urls.redirects(old_urls_or_404)
def index():
    """The programme's vote open now, else the next, else the latest."""
    events, now = service.vote_events(g.programme), clock.now()
    if not events:
        abort(404, description=_("This programme has no vote."))
    states = [(schedule.window(e).state(now), e) for e in events]
    chosen = next((e for s, e in states if s == "open"), None) or next((e for s, e in states if s == "upcoming"),
                                                                         events[-1])
    return redirect(url_for("vote.ballot", slug=chosen.slug))


@bp.route("/p/<programme>/vote/<slug>", methods=["GET", "POST"])
@bp.route("/vote/<slug>", methods=["GET", "POST"])
@old_urls.redirects(_owner)
@limiter.limit(lambda: current_app.config["VOTE_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["VOTE_ADDRESS_LIMIT"], methods=["POST"], key_func=_address_key,
               exempt_when=invalid_address(_address_key))
def ballot(slug: str):
    event, now = _vote_or_404(slug), clock.now()
    times = _times(event, now)
    candidates = service.candidates(event)
    form = VoteForm()
    form.city.choices = options((c.city.slug, content.text(c.city, "name")) for c in candidates)
    refused = None
    if request.method == "GET" and request.args.get("city") in {c.city.slug for c in candidates}:
        form.city.data = request.args["city"]  # from a city page's "Vote for" button
    if request.method == "POST":
        if times.state == "archived":
            refused = _("This programme is archived, so your vote was not recorded.")
        elif times.state != "open":
            refused = _("Voting is not open, so your vote was not recorded.")
        elif form.validate_on_submit():
            try:
                service.cast(event, form.email.data, form.city.data, g.zone.name, now, i18n.current_code())
                return redirect(url_for("vote.sent", slug=slug), code=303)
            except service.NotOnBallot:
                form.city.errors.append(_("Please choose one of the cities on the ballot."))
    return render_template("vote/ballot.html", event=event, form=form, candidates=candidates, refused=refused,
                           t=times), 400 if request.method == "POST" else 200


@bp.get("/p/<programme>/vote/<slug>/sent")
@bp.get("/vote/<slug>/sent")
@old_urls.redirects(_owner)
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
    if ballot.city_id not in {c.city.id for c in service.candidates(event)}:
        return _link_error(str(OFF_BALLOT), event)
    if form.validate_on_submit():
        try:
            done = service.confirm(token, now)
        except service.LinkError as error:  # the ballot went away since the page was drawn
            return _link_error(str(error))
        except service.NotOnBallot:
            return _link_error(str(OFF_BALLOT), event)
        return render_template("vote/confirmed.html", event=event, done=done, t=times)
    return render_template("vote/confirm.html", event=event, ballot=ballot, form=form, t=times)


def _link_error(message: str, event: Event | None = None):
    """The page of a link that counts nothing, leading back to its vote when the link names one."""
    if event is None:
        return render_template("link_error.html", message=message, again_url=url_for("programme.home"),
                               again_label=_("See the programmes")), 400
    return render_template("link_error.html", message=message, again_label=_("Go to the vote"),
                           again_url=url_for("vote.ballot", programme=event.programme.slug, slug=event.slug)), 400


@bp.get("/p/<programme>/vote/<slug>/results")
@bp.get("/vote/<slug>/results")
@old_urls.redirects(_owner)
def results_page(slug: str):
    event, now = _vote_or_404(slug), clock.now()
    times = _times(event, now)
    if not times.public:
        return render_template("vote/results_hidden.html", event=event, t=times)
    found = results.tally(event, now)
    chart = bar_chart([(content.text(r.city, "name"), r.confirmed, r.share) for r in found.rows])
    most = found.rows[0].confirmed if found.rows else 0
    leaders = [content.text(r.city, "name") for r in found.rows if most and r.confirmed == most]
    return render_template("vote/results.html", event=event, tally=found, chart=chart, t=times,
                           leaders=_strong_list(leaders))


def _strong_list(names: list[str]) -> Markup:
    """``<strong>Kazan</strong> and <strong>Bogotá</strong>``: names joined as the reader's language joins a list."""
    strong = [Markup("<strong>{}</strong>").format(name) for name in names]  # each name escaped
    # CLDR's list patterns add only separators (", ", " and ", "和"), never markup.
    return Markup(format_list(strong, locale=i18n.cldr()))  # noqa: S704


@bp.app_template_global()
def vote_state(event: Event) -> str:
    """For the programme pages: ``upcoming``, ``open``, ``closed``, ``archived`` or ``announced``."""
    now = clock.now()
    return "announced" if schedule.is_public(event, now) else schedule.window(event).state(now)


@bp.app_template_global()
def open_vote(programme: Programme | None = None) -> Event | None:
    """The vote of ``programme`` (by default the page's, else the one the old URLs serve) taking
    votes now, if any (a city page offers it)."""
    programme, now = programme or g.get("programme") or serving_old_urls(), clock.now()
    events = service.vote_events(programme) if programme is not None else []
    return next((e for e in events if schedule.window(e).state(now) == "open"), None)
