"""Registration logic shared by the pages and the jobs: each change and its emails (outbox) in one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from app import content, signed_links
from app.dialect_insert import insert
from app.extensions import db
from app.models import Event, FeedToken, Programme, Registrant, Registration, RegistrationStatus, Reminder, Seminar
from app.models.reminders import DEFAULT_REMINDERS
from app.models.seminars import SeminarStatus
from app.models.types import utc_now
from app.registration import emails
from app.reminders.service import withdraw

PENDING, CONFIRMED = RegistrationStatus.PENDING.value, RegistrationStatus.CONFIRMED.value
WAITLISTED, CANCELLED = RegistrationStatus.WAITLISTED.value, RegistrationStatus.CANCELLED.value
_SALT = "registration-confirm"


class LinkError(ValueError):
    """A confirmation link that was tampered with or has expired; the message says which."""


@dataclass(frozen=True)
class Request:
    """What the registration form asks for, already validated."""

    name: str
    email: str
    organisation: str
    place: str
    timezone: str
    seminar_slugs: list[str]
    reminders: list[int]
    language: str = "en"  #: of the page used (``app.i18n.current_code()``): the registrant's from now on


@dataclass
class Outcome:
    confirmed: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)


def closed_reason(seminar: Seminar, now: dt.datetime) -> str | None:
    """Why a seminar takes no registration now, or None when it does."""
    programme = seminar.event.programme
    if programme.archived:
        return _("The %(programme)s is archived: it takes no registrations.",
                 programme=content.text(programme, "title"))
    if seminar.status == SeminarStatus.CANCELLED.value:
        return _("Seminar %(number)s has been cancelled.", number=seminar.number)
    if seminar.starts_at <= now:
        return _("Seminar %(number)s has already started; registration is closed.", number=seminar.number)
    return None


def refusals(programme: Programme, slugs: list[str], now: dt.datetime) -> list[str]:
    """Why the form of ``programme`` cannot register these seminars (none: it can); it offers no other programme's."""
    chosen = list(db.session.scalars(sa.select(Seminar).where(Seminar.slug.in_(slugs))))
    found = [_("“%(seminar)s” is not a seminar of the %(programme)s.", seminar=content.text(s, "title"),
               programme=content.text(programme, "title"))
             if s.event.programme_id != programme.id else closed_reason(s, now) for s in chosen]
    if len(chosen) != len(set(slugs)):
        found.append(_("One of the seminars you ticked no longer exists."))
    return [problem for problem in found if problem]


def open_seminars(now: dt.datetime, programmes: list[Programme]) -> list[Seminar]:
    """The seminars of these programmes that take registrations now (an archived programme's none)."""
    taking = [p.id for p in programmes if not p.archived]
    return list(db.session.scalars(
        sa.select(Seminar).join(Event, Event.id == Seminar.event_id)
        .where(Event.programme_id.in_(taking), Seminar.status == SeminarStatus.SCHEDULED.value,
               Seminar.starts_at > now)
        .order_by(Seminar.starts_at)))


def programmes_of(registrant: Registrant) -> list[Programme]:
    """The programmes a registrant has registrations in, cancelled ones too (the manage page offers their seminars)."""
    return sorted({r.seminar.event.programme for r in registrant.registrations}, key=lambda p: (p.title, p.id))


def offered_reminders(seminars: list[Seminar], *also: list[int]) -> list[int]:
    """The reminders a registrant can choose: those the given seminars send (plus ``also``), latest first."""
    offered = {o for s in seminars for o in s.reminder_offsets} | {o for more in also for o in more}
    return sorted(offered or DEFAULT_REMINDERS, reverse=True)


def seats_left(seminar: Seminar) -> int | None:
    if seminar.capacity is None:
        return None
    taken = db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.seminar_id == seminar.id, Registration.status == CONFIRMED))
    return max(seminar.capacity - taken, 0)


# --- signed confirmation links -------------------------------------------------------------------

def confirmation_token(registrant: Registrant, registrations: list[Registration], now: dt.datetime) -> str:
    return signed_links.sign_timed(_SALT, {"r": registrant.id, "g": sorted(r.id for r in registrations)}, now)


def read_confirmation_token(token: str, now: dt.datetime) -> tuple[Registrant, list[Registration]]:
    """The registrant and registrations a link confirms; LinkError when tampered or expired."""
    max_age = current_app.config["REGISTRATION_LINK_MAX_AGE"]
    try:
        data = signed_links.read_timed(_SALT, token, now, max_age)
        registrant_id, ids = signed_links.row_id(data["r"]), [signed_links.row_id(i) for i in data["g"]]
    except signed_links.ExpiredLink:
        raise LinkError(_("This confirmation link has expired (links work for %(days)s days). "
                          "Please register again to get a new one.", days=max_age.days)) from None
    except (signed_links.BadLink, KeyError, TypeError):
        raise LinkError(_("This confirmation link is not valid: it may have been cut or changed. "
                          "Copy the whole link from the email, or register again.")) from None
    registrant = db.session.get(Registrant, registrant_id)
    if registrant is None:
        raise LinkError(_("This confirmation link no longer matches a registration. Please register again."))
    registrations = list(db.session.scalars(sa.select(Registration).where(
        Registration.id.in_(ids), Registration.registrant_id == registrant.id)))
    return registrant, registrations


# --- the steps of a registration -----------------------------------------------------------------

def register(request: Request, now: dt.datetime) -> None:
    """Record a sign-up and queue the right email; the caller shows the same page whatever happened.

    A new address gets a pending registrant; a known one keeps its details (only its owner, through
    the emailed links, may change them). Seminars already confirmed or waitlisted are not asked
    again: the email then says so and gives the manage link.

    Known or not, the address costs the same statements (one upsert per row, one email composed
    and queued), so the response time does not tell whether it registered (issue 13).
    """
    registrant = upsert_registrant(email=request.email, name=request.name, organisation=request.organisation,
                                   place=request.place, timezone=request.timezone, reminders=request.reminders,
                                   language=request.language, now=now)
    seminars = sorted(db.session.scalars(sa.select(Seminar).where(Seminar.slug.in_(request.seminar_slugs))),
                      key=lambda s: s.starts_at)
    registrations = [_upsert_registration(registrant, seminar, now) for seminar in seminars]
    pending = [r for r in registrations if r.status == PENDING]
    if pending:
        emails.confirmation(registrant, pending, confirmation_token(registrant, pending, now), now)
    else:
        emails.already_registered(registrant, registrations, now)
    db.session.commit()


def upsert_registrant(*, email: str, name: str, organisation: str, place: str, timezone: str,
                      reminders: list[int], language: str, now: dt.datetime) -> Registrant:
    """The registrant of this address, created if new; a known one is written too (only its language
    changes, to the page's), so two first sign-ups at once both pass. Shared with tour applications."""
    statement = insert(Registrant).values(
        email=email, name=name, organisation=organisation, place=place, timezone=timezone,
        reminder_offsets=sorted(set(reminders), reverse=True), language=language, consent_at=now)
    statement = statement.on_conflict_do_update(index_elements=["email"], set_={
        "email": statement.excluded.email, "language": statement.excluded.language})
    return db.session.scalars(statement.returning(Registrant), execution_options={"populate_existing": True}).one()


def _upsert_registration(registrant: Registrant, seminar: Seminar, now: dt.datetime) -> Registration:
    """The registration for this seminar, pending if new or cancelled, else as it was (written either way)."""
    table = Registration.__table__.c
    reopen = table.status == CANCELLED
    statement = insert(Registration).values(
        registrant_id=registrant.id, seminar_id=seminar.id, status=PENDING)
    statement = statement.on_conflict_do_update(index_elements=["registrant_id", "seminar_id"], set_={
        "status": sa.case((reopen, PENDING), else_=table.status),
        "cancelled_at": sa.case((reopen, None), else_=table.cancelled_at),
        "updated_at": sa.case((reopen, utc_now()), else_=table.updated_at)})
    return db.session.scalars(statement.returning(Registration), execution_options={"populate_existing": True}).one()


def _lock(seminar: Seminar) -> Seminar:
    """Serialise seat counting per seminar: a row lock on PostgreSQL (SQLite has one writer)."""
    return db.session.scalar(sa.select(Seminar).where(Seminar.id == seminar.id).with_for_update())


def _take_seat(registration: Registration, now: dt.datetime) -> bool:
    """Confirm if a seat is free, else put on the waiting list; True when confirmed."""
    seminar = _lock(registration.seminar)
    left = seats_left(seminar)
    if left is None or left > 0:
        registration.status, registration.confirmed_at, registration.waitlisted_at = CONFIRMED, now, None
        return True
    registration.status, registration.waitlisted_at = WAITLISTED, registration.waitlisted_at or now
    return False


def ensure_feed_token(registrant: Registrant) -> FeedToken:
    active = db.session.scalar(sa.select(FeedToken).where(
        FeedToken.registrant_id == registrant.id, FeedToken.revoked_at.is_(None)))
    if active is None:
        active = FeedToken(registrant=registrant)
        db.session.add(active)
        db.session.flush()  # its token (a column default) goes into the email's feed link
    return active


def _welcome(registrant: Registrant, outcome: Outcome, now: dt.datetime) -> None:
    """The welcome email for what just got a seat or a place on a waiting list, if anything did."""
    if outcome.confirmed or outcome.waitlisted:
        feed = ensure_feed_token(registrant)
        db.session.flush()
        emails.welcome(registrant, outcome.confirmed, outcome.waitlisted, feed, now)


def confirm(token: str, now: dt.datetime) -> tuple[Registrant, Outcome]:
    """Confirm what a link names: seats taken in order, the rest waitlisted; one welcome email."""
    registrant, registrations = read_confirmation_token(token, now)
    outcome = Outcome()
    for registration in sorted(registrations, key=lambda r: r.seminar.starts_at):
        if registration.status == PENDING and closed_reason(registration.seminar, now) is None:
            (outcome.confirmed if _take_seat(registration, now) else outcome.waitlisted).append(registration)
    _welcome(registrant, outcome, now)
    db.session.commit()
    return registrant, outcome


def cancel(registrant: Registrant, registrations: list[Registration], now: dt.datetime) -> None:
    """Cancel these registrations with one email; each freed seat goes to the first waiting."""
    active = [r for r in registrations if r.status in (PENDING, CONFIRMED, WAITLISTED)]
    if not active:
        return
    freed = [r.seminar for r in active if r.status == CONFIRMED]
    for registration in active:
        registration.status, registration.cancelled_at = CANCELLED, now
    db.session.flush()
    withdraw(Reminder.registration_id.in_([r.id for r in active]))
    emails.cancelled(registrant, active, [r for r in active if r.seminar in freed], now)
    for seminar in freed:
        promote(seminar, now)
    db.session.commit()


def promote(seminar: Seminar, now: dt.datetime) -> Registration | None:
    """Give a free seat to the earliest waitlisted registration, and tell them."""
    seminar = _lock(seminar)
    left = seats_left(seminar)
    if (left is not None and left <= 0) or closed_reason(seminar, now):
        return None
    first = db.session.scalar(sa.select(Registration).where(
        Registration.seminar_id == seminar.id, Registration.status == WAITLISTED)
        .order_by(Registration.waitlisted_at, Registration.id).limit(1))
    if first is None:
        return None
    first.status, first.confirmed_at, first.waitlisted_at = CONFIRMED, now, None
    db.session.flush()
    emails.promoted(first.registrant, first, ensure_feed_token(first.registrant), now)
    return first


def cancel_all(registrant: Registrant, now: dt.datetime) -> int:
    active = [r for r in registrant.registrations if r.status in (PENDING, CONFIRMED, WAITLISTED)]
    cancel(registrant, active, now)
    return len(active)


def add_seminars(registrant: Registrant, slugs: list[str], now: dt.datetime) -> Outcome:
    """From the manage page (the owner proved the address): take seats directly.

    The same seminar added twice at once (two tabs, a double click) is added once: the row is
    created if missing, then locked, so the second request finds it settled and adds nothing.
    """
    outcome = Outcome()
    for seminar in db.session.scalars(sa.select(Seminar).where(Seminar.slug.in_(slugs)).order_by(Seminar.starts_at)):
        if closed_reason(seminar, now):
            continue
        db.session.execute(insert(Registration).values(registrant_id=registrant.id, seminar_id=seminar.id,
                                                          status=PENDING)
                           .on_conflict_do_nothing(index_elements=["registrant_id", "seminar_id"]))
        registration = db.session.scalar(sa.select(Registration).where(
            Registration.registrant_id == registrant.id, Registration.seminar_id == seminar.id)
            .with_for_update().execution_options(populate_existing=True))
        if registration.status in (PENDING, CANCELLED):
            registration.cancelled_at = None
            (outcome.confirmed if _take_seat(registration, now) else outcome.waitlisted).append(registration)
    _welcome(registrant, outcome, now)
    db.session.commit()
    return outcome


def new_feed_token(registrant: Registrant, now: dt.datetime) -> FeedToken:
    for token in registrant.feed_tokens:
        if token.revoked_at is None:
            token.revoked_at = now
    fresh = FeedToken(registrant=registrant)
    db.session.add(fresh)
    db.session.commit()
    return fresh


def active_feed_token(registrant: Registrant) -> FeedToken | None:
    return next((t for t in registrant.feed_tokens if t.revoked_at is None), None)
