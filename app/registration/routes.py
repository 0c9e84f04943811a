"""Registration pages: a view validates, calls the service, then redirects or renders. The form is
under its programme (/p/<programme>/register; the old /register redirects, app/old_urls.py); the
pages an emailed token opens name a person, not a programme, and stand alone."""
from __future__ import annotations

import contextlib
import functools

import sqlalchemy as sa
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import force_locale, ngettext

from app import clock, i18n, languages, old_urls
from app.extensions import db, limiter
from app.models import City, Initiative, Programme, Registrant, Registration, Seminar
from app.programme_scope import old_urls_or_404
from app.ratelimits import address_key, invalid_address
from app.registration import bp, service
from app.reminders.service import change_choices
from app.form_fields import ActionForm, zone_select_choices
from app.registration.forms import (AddSeminarsForm, ConfirmForm, RegistrationForm, SettingsForm, language_choices,
                                    reminder_choices, seminar_choices)


_address_key = address_key("address")


def _preselected(open_slugs: set[str]) -> list[str]:
    """Seminars ticked in advance: the one the visitor came from, or their city's."""
    wanted = set(request.args.getlist("seminar"))
    if city := request.args.get("city"):
        wanted |= set(db.session.scalars(
            sa.select(Seminar.slug).join(Initiative, Initiative.seminar_id == Seminar.id)
            .join(City, City.id == Initiative.city_id).where(City.slug == city)))
    return sorted(wanted & open_slugs)


def _check_action() -> None:
    """A button that changes something (drop, cancel, new feed link): its CSRF token checked."""
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form expired. Please go back to the page and try again."))


def _registrant(token: str) -> Registrant:
    found = None
    if len(token) <= 64:  # longer is never a token: no query
        found = db.session.scalar(sa.select(Registrant).where(Registrant.manage_token == token))
    return found or abort(404, description=_(
        "This manage link is not valid. Use the latest link from your emails."))


def own_language(registrant: Registrant):
    """For a page a registrant's secret link opens: their language, unless this request chose one
    (``?lang=`` or the language cookie). A context manager around what the view writes."""
    if languages.parse(request.args.get("lang")) or languages.parse(request.cookies.get(i18n.COOKIE)):
        return contextlib.nullcontext()
    return force_locale(languages.get(registrant.language).cldr)


def _manage_link(view):
    """A view of a manage link: it gets the registrant the link names (a 404 for none), and what it
    writes (page, flash, refusal) is in their language (``own_language``)."""

    @functools.wraps(view)
    def answer(token: str, **values):
        registrant = _registrant(token)
        with own_language(registrant):
            return view(registrant, **values)

    return answer


def _back(registrant: Registrant, **query):
    return redirect(url_for("registration.manage", token=registrant.manage_token, **query), code=303)


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
                seminar_slugs=form.seminars.data, reminders=form.reminders.data or [],
                language=i18n.current_code()), now)
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
                               again_label=_("See the programmes")), 400
    with own_language(registrant):
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
    settings.language.choices = language_choices()
    if fill:
        settings.timezone.data, settings.reminders.data = registrant.timezone, list(registrant.reminder_offsets)
        settings.language.data = languages.get(registrant.language).code
    return settings


@bp.get("/manage/<token>")
@_manage_link
def manage(registrant: Registrant):
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
@_manage_link
def save_settings(registrant: Registrant):
    """Zone, reminders and language at once. A new language is also the next page's (``?lang=``,
    which the language cookie then keeps), so the reader sees at once what they chose."""
    now = clock.now()
    settings = _settings_form(now, registrant, fill=False)
    if not settings.validate_on_submit():
        return _manage_page(registrant, settings, now, status=400)
    language = languages.get(settings.language.data or registrant.language)
    moved = language.code != registrant.language
    change_choices(registrant, offsets=sorted(set(settings.reminders.data or []), reverse=True),
                   timezone=settings.timezone.data, language=language.code, now=now)
    db.session.commit()
    with force_locale(language.cldr) if moved else contextlib.nullcontext():
        flash(_("Saved. Emails and your personal feed now use %(zone)s.", zone=registrant.timezone))
    return _back(registrant, **({"lang": language.tag} if moved else {}))


@bp.post("/manage/<token>/add")
@_manage_link
def add_seminars(registrant: Registrant):
    now = clock.now()
    add = AddSeminarsForm(prefix="add")
    open_slugs = {s.slug for s in service.open_seminars(now, service.programmes_of(registrant))}
    valid = add.validate_on_submit()
    if valid and not set(add.seminars.data) <= open_slugs:
        add.seminars.errors.append(_("One of the seminars you ticked is not open for registration."))
        valid = False
    if not valid:
        return _manage_page(registrant, _settings_form(now, registrant), now, add=add, status=400)
    outcome = service.add_seminars(registrant, add.seminars.data, now)
    if not (outcome.confirmed or outcome.waitlisted):  # e.g. the same form sent twice at once
        flash(_("You are already registered for the seminars you ticked; nothing changed."))
    elif outcome.waitlisted:  # English keeps "seminar(s)" in both forms; other languages may inflect
        flash(ngettext("Added %(num)s seminar(s); %(full)s full, you are on the waiting list. The details are on "
                       "their way by email.",
                       "Added %(num)s seminar(s); %(full)s full, you are on the waiting list. The details are on "
                       "their way by email.", len(outcome.confirmed), full=len(outcome.waitlisted)))
    else:
        flash(ngettext("Added %(num)s seminar(s). The details are on their way by email.",
                       "Added %(num)s seminar(s). The details are on their way by email.", len(outcome.confirmed)))
    return _back(registrant)


@bp.post("/manage/<token>/drop/<int:registration_id>")
@_manage_link
def drop(registrant: Registrant, registration_id: int):
    _check_action()
    registration = db.session.get(Registration, registration_id) if registration_id < 2**31 else None
    if registration is None or registration.registrant_id != registrant.id:
        abort(404, description=_("You have no such registration."))
    if registration.seminar.starts_at <= clock.now():
        abort(400, description=_("Seminar %(number)s has already started; it can no longer be dropped.",
                                 number=registration.seminar.number))
    service.cancel(registrant, [registration], clock.now())
    flash(_("Seminar %(number)s is dropped. A confirmation is on its way by email.",
            number=registration.seminar.number))
    return _back(registrant)


@bp.post("/manage/<token>/cancel")
@_manage_link
def cancel_everything(registrant: Registrant):
    _check_action()
    count = service.cancel_all(registrant, clock.now())
    flash(_("All your registrations are cancelled (%(count)s). A confirmation is on its way by email.", count=count))
    return _back(registrant)


@bp.post("/manage/<token>/new-feed-link")
@_manage_link
def new_feed_link(registrant: Registrant):
    _check_action()
    service.new_feed_token(registrant, clock.now())
    flash(_("Your personal feed has a new address; the old one no longer works."))
    return _back(registrant)


@bp.get("/join/<token>")
def join(token: str):
    """The personal join link: always the seminar's current meeting address, while registered."""
    registration = db.session.scalar(sa.select(Registration).where(Registration.join_token == token)) \
        if len(token) <= 64 else None
    if registration is None:
        abort(404, description=_("This join link is not valid."))
    seminar = registration.seminar
    if registration.status != service.CONFIRMED:
        return render_template("registration/join_closed.html", seminar=seminar,
                               reason=_("Your registration for this seminar is not active (it was cancelled, "
                                        "or is still waiting for a seat).")), 410
    if seminar.cancelled:
        return render_template("registration/join_closed.html", seminar=seminar,
                               reason=_("This seminar has been cancelled.")), 410
    if not seminar.join_url:
        return render_template("registration/join_closed.html", seminar=seminar,
                               reason=_("The meeting link is not published yet; try again closer to the start.")), 404
    return redirect(seminar.join_url, code=302)
