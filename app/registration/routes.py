"""Registration pages: a view validates, calls the service, then redirects or renders. The form is
under its programme (/p/<programme>/register; the old /register redirects, app/old_urls.py); the
pages an emailed token opens name a person, not a programme, and stand alone."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from app import clock, old_urls
from app.extensions import db, limiter
from app.models import City, Initiative, Programme, Registrant, Registration, Seminar
from app.programme_scope import old_urls_or_404
from app.ratelimits import address_key, invalid_address
from app.registration import bp, service
from app.form_fields import ActionForm, zone_select_choices
from app.registration.forms import (AddSeminarsForm, ConfirmForm, RegistrationForm, SettingsForm, reminder_choices,
                                    seminar_choices)


_address_key = address_key("address")


def _preselected(open_slugs: set[str]) -> list[str]:
    """Seminars ticked in advance: the one the visitor came from, or their city's."""
    wanted = set(request.args.getlist("seminar"))
    if city := request.args.get("city"):
        wanted |= set(db.session.scalars(
            sa.select(Seminar.slug).join(Initiative, Initiative.seminar_id == Seminar.id)
            .join(City, City.id == Initiative.city_id).where(City.slug == city)))
    return sorted(wanted & open_slugs)


def _acting_registrant(token: str) -> Registrant:
    """The owner of a manage link, for a button that changes something (its CSRF token checked)."""
    registrant = _registrant(token)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form expired. Please go back to the page and try again.")
    return registrant


def _registrant(token: str) -> Registrant:
    found = None
    if len(token) <= 64:  # longer is never a token: no query
        found = db.session.scalar(sa.select(Registrant).where(Registrant.manage_token == token))
    return found or abort(404, description="This manage link is not valid. Use the latest link from your emails.")


def _owner() -> Programme:
    """Where the old /register goes: the programme of the seminar it names (?seminar=), else the
    one the old URLs serve."""
    wanted = request.args.getlist("seminar")
    seminar = db.session.scalar(sa.select(Seminar).where(Seminar.slug.in_(wanted)).order_by(Seminar.starts_at)
                                .limit(1)) if wanted else None
    return seminar.event.programme if seminar is not None and seminar.event.programme.public else old_urls_or_404()


@bp.route("/p/<programme>/register", methods=["GET", "POST"])
@bp.route("/register", methods=["GET", "POST"])
@old_urls.redirects(_owner)
@limiter.limit(lambda: current_app.config["REGISTRATION_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["REGISTRATION_ADDRESS_LIMIT"], methods=["POST"], key_func=_address_key,
               exempt_when=invalid_address(_address_key))
def register():
    """The form of the page's programme; an archived one says it takes none and writes nothing."""
    programme, now = g.programme, clock.now()
    seminars = service.open_seminars(now, [programme])
    form = RegistrationForm()
    if request.method == "GET":
        form.timezone.data = g.zone.name
        form.seminars.data = _preselected({s.slug for s in seminars})
        form.reminders.data = service.offered_reminders(seminars)
    if not programme.archived and form.validate_on_submit():
        if problems := service.refusals(programme, form.seminars.data, now):
            form.seminars.errors.extend(problems)
        else:
            service.register(service.Request(
                name=form.name.data.strip(), email=form.email.data, organisation=(form.organisation.data or "").strip(),
                place=(form.place.data or "").strip(), timezone=form.timezone.data,
                seminar_slugs=form.seminars.data, reminders=form.reminders.data or []), now)
            return redirect(url_for("registration.sent"), code=303)
    status = 400 if request.method == "POST" else 200
    form.timezone.choices = zone_select_choices(now)
    form.seminars.choices = seminar_choices(seminars)
    form.reminders.choices = reminder_choices(service.offered_reminders(seminars))
    return render_template("registration/register.html", form=form, seminars=seminars,
                           seats={s.id: service.seats_left(s) for s in seminars}), status


@bp.get("/register/sent")
def sent():
    return render_template("registration/sent.html")


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """GET only shows a button: mail scanners open every link and must not confirm anyone."""
    form = ConfirmForm()
    now = clock.now()
    try:
        registrant, registrations = service.read_confirmation_token(token, now)
    except service.LinkError as error:
        return render_template("link_error.html", message=str(error), again_url=url_for("programme.home"),
                               again_label="See the programmes"), 400
    if form.validate_on_submit():
        registrant, outcome = service.confirm(token, now)
        return render_template("registration/confirmed.html", registrant=registrant, outcome=outcome,
                               registrations=registrations)
    return render_template("registration/confirm.html", form=form, registrant=registrant,
                           registrations=registrations)


def _settings_form(now, registrant: Registrant, fill: bool = True) -> SettingsForm:
    """The zone and reminders form, offering the reminders the registrant's seminars send;
    filled with the registrant's current values unless it carries a submission."""
    settings = SettingsForm(prefix="settings")
    settings.timezone.choices = zone_select_choices(now)
    mine = [r.seminar for r in registrant.registrations if r.status != service.CANCELLED]
    settings.reminders.choices = reminder_choices(service.offered_reminders(
        mine or service.open_seminars(now, service.programmes_of(registrant)), registrant.reminder_offsets))
    if fill:
        settings.timezone.data, settings.reminders.data = registrant.timezone, list(registrant.reminder_offsets)
    return settings


@bp.get("/manage/<token>")
def manage(token: str):
    registrant = _registrant(token)
    now = clock.now()
    return _manage_page(registrant, _settings_form(now, registrant), now)


def _manage_page(registrant: Registrant, settings: SettingsForm, now, add: AddSeminarsForm | None = None,
                 status: int = 200):
    mine = {r.seminar_id for r in registrant.registrations if r.status != service.CANCELLED}
    addable = [s for s in service.open_seminars(now, service.programmes_of(registrant)) if s.id not in mine]
    add = add or AddSeminarsForm(prefix="add")
    add.seminars.choices = seminar_choices(addable)
    registrations = sorted((r for r in registrant.registrations if r.status != service.CANCELLED),
                           key=lambda r: r.seminar.starts_at)
    feed = service.active_feed_token(registrant)
    return render_template("registration/manage.html", registrant=registrant, registrations=registrations,
                           settings=settings, add=add, addable=addable, action=ActionForm(), feed=feed), status


@bp.post("/manage/<token>/settings")
def save_settings(token: str):
    registrant = _registrant(token)
    now = clock.now()
    settings = _settings_form(now, registrant, fill=False)
    if not settings.validate_on_submit():
        return _manage_page(registrant, settings, now, status=400)
    registrant.timezone = settings.timezone.data
    chosen = sorted(set(settings.reminders.data or []), reverse=True)
    if chosen != list(registrant.reminder_offsets):
        registrant.reminder_offsets, registrant.reminders_changed_at = chosen, now
    db.session.commit()
    flash("Saved. Emails and your personal feed now use " + registrant.timezone + ".")
    return redirect(url_for("registration.manage", token=token), code=303)


@bp.post("/manage/<token>/add")
def add_seminars(token: str):
    registrant = _registrant(token)
    now = clock.now()
    add = AddSeminarsForm(prefix="add")
    open_slugs = {s.slug for s in service.open_seminars(now, service.programmes_of(registrant))}
    valid = add.validate_on_submit()
    if valid and not set(add.seminars.data) <= open_slugs:
        add.seminars.errors.append("One of the seminars you ticked is not open for registration.")
        valid = False
    if not valid:
        return _manage_page(registrant, _settings_form(now, registrant), now, add=add, status=400)
    outcome = service.add_seminars(registrant, add.seminars.data, now)
    if not (outcome.confirmed or outcome.waitlisted):  # e.g. the same form sent twice at once
        flash("You are already registered for the seminars you ticked; nothing changed.")
    else:
        flash(f"Added {len(outcome.confirmed)} seminar(s)" + (
            f"; {len(outcome.waitlisted)} full, you are on the waiting list." if outcome.waitlisted else ".")
            + " The details are on their way by email.")
    return redirect(url_for("registration.manage", token=token), code=303)


@bp.post("/manage/<token>/drop/<int:registration_id>")
def drop(token: str, registration_id: int):
    registrant = _acting_registrant(token)
    registration = db.session.get(Registration, registration_id) if registration_id < 2**31 else None
    if registration is None or registration.registrant_id != registrant.id:
        abort(404, description="You have no such registration.")
    if registration.seminar.starts_at <= clock.now():
        abort(400, description=f"Seminar {registration.seminar.number} has already started; "
                               "it can no longer be dropped.")
    service.cancel(registrant, [registration], clock.now())
    flash(f"Seminar {registration.seminar.number} is dropped. A confirmation is on its way by email.")
    return redirect(url_for("registration.manage", token=token), code=303)


@bp.post("/manage/<token>/cancel")
def cancel_everything(token: str):
    registrant = _acting_registrant(token)
    count = service.cancel_all(registrant, clock.now())
    flash(f"All your registrations are cancelled ({count}). A confirmation is on its way by email.")
    return redirect(url_for("registration.manage", token=token), code=303)


@bp.post("/manage/<token>/new-feed-link")
def new_feed_link(token: str):
    registrant = _acting_registrant(token)
    service.new_feed_token(registrant, clock.now())
    flash("Your personal feed has a new address; the old one no longer works.")
    return redirect(url_for("registration.manage", token=token), code=303)


@bp.get("/join/<token>")
def join(token: str):
    """The personal join link: always the seminar's current meeting address, while registered."""
    registration = db.session.scalar(sa.select(Registration).where(Registration.join_token == token)) \
        if len(token) <= 64 else None
    if registration is None:
        abort(404, description="This join link is not valid.")
    seminar = registration.seminar
    if registration.status != service.CONFIRMED:
        return render_template("registration/join_closed.html", seminar=seminar,
                               reason="Your registration for this seminar is not active (it was cancelled, "
                                      "or is still waiting for a seat)."), 410
    if seminar.cancelled:
        return render_template("registration/join_closed.html", seminar=seminar,
                               reason="This seminar has been cancelled."), 410
    if not seminar.join_url:
        return render_template("registration/join_closed.html", seminar=seminar,
                               reason="The meeting link is not published yet; try again closer to the start."), 404
    return redirect(seminar.join_url, code=302)
