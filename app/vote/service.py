"""Casting and confirming votes: every step and the email it causes in one transaction.

A request to vote (a ballot) counts only once its emailed link is used, inside the window. The
vote that counts is one row per address (a unique constraint): a later confirmed ballot replaces
its city, so any number of confirmations at once still count one vote.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app import signed_links
from app.dialect_insert import insert
from app.extensions import db
from app.models import Ballot, City, Event, Initiative, Programme, Seminar, Vote
from app.vote import emails
from app.vote.schedule import window

_SALT = "vote-confirm"
#: A second request for the same city within this time reuses the first (one email, one link).
RESEND_WINDOW = dt.timedelta(minutes=10)


class LinkError(ValueError):
    """A confirmation link that was tampered with, has expired or names nothing; the message says which."""


class Closed(ValueError):
    """Voting is not open at this instant (before or after the window, or its programme is
    archived): nothing is recorded."""


class NotOnBallot(ValueError):
    """The city is not (or no longer) one of the candidates."""


@dataclass(frozen=True)
class Candidate:
    city: City
    initiative: Initiative
    seminar: Seminar


@dataclass(frozen=True)
class Confirmation:
    """What using a link did: ``"counted"`` (a first vote), ``"replaced"`` (another city before),
    ``"unchanged"`` (the same city again) or ``"used"`` (this link had been used already)."""

    outcome: str
    city: City
    previous: City | None = None


def vote_events(programme: Programme) -> list[Event]:
    return sorted(db.session.scalars(sa.select(Event).where(Event.kind == "vote", Event.programme_id == programme.id)),
                  key=lambda e: e.first_date)


def get_vote(slug: str, programme: Programme | None = None) -> Event | None:
    """The vote event called ``slug`` (of ``programme`` when given: a page of one programme shows
    no other's vote), or None; the benchmarks and browser tests find it so too."""
    query = sa.select(Event).where(Event.slug == slug, Event.kind == "vote")
    if programme is not None:
        query = query.where(Event.programme_id == programme.id)
    return db.session.scalar(query)


def candidates(event: Event) -> list[Candidate]:
    """The cities on the ballot of a vote: those presenting at its programme's seminars, each with
    the initiative it presented, in order of presentation (a city presenting twice stands once,
    with its first initiative)."""
    initiatives = db.session.scalars(
        sa.select(Initiative).join(Seminar).join(Event, Event.id == Seminar.event_id)
        .where(Event.programme_id == event.programme_id)
        .options(selectinload(Initiative.city), selectinload(Initiative.seminar))
        .order_by(Seminar.starts_at, Seminar.number, Initiative.position, Initiative.id))
    found: dict[int, Candidate] = {}
    for initiative in initiatives:
        found.setdefault(initiative.city_id, Candidate(initiative.city, initiative, initiative.seminar))
    return list(found.values())


def _on_ballot(event: Event, city_id: int | None = None, slug: str | None = None) -> City:
    """The candidate of ``event`` with this id or slug (compared in Python: a typed slug never
    reaches the database); NotOnBallot when there is none."""
    found = next((c.city for c in candidates(event) if c.city.id == city_id or c.city.slug == slug), None)
    if found is None:
        raise NotOnBallot()
    return found


def holds_votes(event: Event) -> int:
    """Confirmed votes of a vote event (an organiser may not turn it into another kind of event)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Vote).where(Vote.event_id == event.id))


def current_vote(event: Event, email: str) -> Vote | None:
    return db.session.scalar(sa.select(Vote).where(Vote.event_id == event.id, Vote.email == email))


# --- signed confirmation links -------------------------------------------------------------------

def confirmation_token(ballot: Ballot, now: dt.datetime) -> str:
    return signed_links.sign_timed(_SALT, {"b": ballot.id}, now)


def read_token(token: str, now: dt.datetime) -> Ballot:
    """The ballot a link confirms; LinkError when tampered, expired or naming nothing."""
    max_age = current_app.config["VOTE_LINK_MAX_AGE"]
    try:
        ballot_id = signed_links.row_id(signed_links.read_timed(_SALT, token, now, max_age)["b"])
    except signed_links.ExpiredLink:
        raise LinkError(_("This confirmation link has expired (links work for %(days)s days). "
                          "Vote again to get a new one; nothing was counted.", days=max_age.days)) from None
    except (signed_links.BadLink, KeyError):
        raise LinkError(_("This confirmation link is not valid: it may have been cut or changed. Copy the whole "
                          "link from the email, or vote again to get a new one.")) from None
    ballot = db.session.get(Ballot, ballot_id)
    event = db.session.get(Event, ballot.event_id) if ballot is not None else None
    if event is None or event.kind != "vote":
        raise LinkError(_("This confirmation link no longer matches a vote. Vote again to get a new one."))
    return ballot


# --- the steps of a vote -------------------------------------------------------------------------

def cast(event: Event, email: str, city_slug: str, zone: str, now: dt.datetime, language: str = "en") -> None:
    """Record a request to vote and queue its confirmation email; nothing counts yet. ``language``
    is the page's (``app.i18n.current_code()``): the ballot keeps it, a reused one takes it.

    Raises Closed or NotOnBallot (nothing written). Whatever the address did before, the caller
    shows the same page, and the request costs the same statements (look-ups, one row written, one
    email composed and queued), so neither the page nor its timing tells whether a vote is
    recorded: only the mailbox learns it (issue 13).
    """
    win = window(event)
    if win.state(now) != "open":
        raise Closed(win.state(now))
    city = _on_ballot(event, slug=city_slug)
    previous = current_vote(event, email)
    ballot = db.session.scalar(sa.select(Ballot).where(
        Ballot.event_id == event.id, Ballot.email == email, Ballot.city_id == city.id,
        Ballot.confirmed_at.is_(None), Ballot.cast_at > now - RESEND_WINDOW).order_by(Ballot.id.desc()).limit(1))
    if previous is not None and previous.city_id == city.id:
        _rewrite(previous)
        emails.already_counted(event, email, city, win, zone, now)
        db.session.commit()
        return
    if ballot is None:
        ballot = Ballot(event_id=event.id, city_id=city.id, email=email, cast_at=now, language=language)
        db.session.add(ballot)
        db.session.flush()
    else:
        ballot.language = language
    emails.confirm(event, ballot, confirmation_token(ballot, ballot.cast_at), previous.city if previous else None,
                   win, zone)
    db.session.commit()


def _rewrite(vote: Vote) -> None:
    """Write the vote's row as it is: a request for the city already voted for records no ballot,
    and this one-row write stands in for it, so that answering takes as long as for a new address."""
    db.session.execute(sa.update(Vote).where(Vote.id == vote.id).values(city_id=Vote.city_id)
                       .execution_options(synchronize_session=False))


def confirm(token: str, now: dt.datetime) -> Confirmation:
    """Count the ballot a link names, once; raises LinkError, Closed or NotOnBallot (nothing counted)."""
    ballot = read_token(token, now)
    event = db.session.get(Event, ballot.event_id)
    win = window(event)
    if win.state(now) != "open":
        raise Closed(win.state(now))
    city = _on_ballot(event, city_id=ballot.city_id)
    # The first use of the link wins: a concurrent second use finds confirmed_at set and counts nothing.
    used = db.session.execute(sa.update(Ballot).where(Ballot.id == ballot.id, Ballot.confirmed_at.is_(None))
                              .values(confirmed_at=now).execution_options(synchronize_session=False)).rowcount == 0
    if used:
        db.session.rollback()
        vote = current_vote(event, ballot.email)
        return Confirmation("used", vote.city if vote is not None else city)
    previous = _record_vote(event.id, ballot.email, city.id, now)
    db.session.commit()
    if previous is None:
        return Confirmation("counted", city)
    return Confirmation("unchanged" if previous.id == city.id else "replaced", city, previous)


def _record_vote(event_id: int, email: str, city_id: int, now: dt.datetime) -> City | None:
    """Make ``city_id`` the address's vote; returns the city it replaces, if any.

    One vote per address even when confirmations race: the unique constraint lets one INSERT
    through; every other waits for it, then locks that row and reads the city it replaces.
    """
    added = db.session.execute(insert(Vote).values(event_id=event_id, email=email, city_id=city_id, confirmed_at=now)
                               .on_conflict_do_nothing(index_elements=["event_id", "email"])
                               .returning(Vote.id)).first()
    if added is not None:
        return None
    vote = db.session.scalar(sa.select(Vote).where(Vote.event_id == event_id, Vote.email == email)
                             .with_for_update().execution_options(populate_existing=True))
    previous = vote.city
    vote.city_id, vote.confirmed_at = city_id, now
    return previous


def forget_requests(now: dt.datetime) -> int:
    """Delete the requests that can no longer count: confirmed ones (the vote keeps what counts)
    and those whose link has expired. Their addresses were kept for nothing else; returns how many."""
    expired = now - current_app.config["VOTE_LINK_MAX_AGE"]
    lapsed = sa.or_(Ballot.confirmed_at.is_not(None), Ballot.cast_at < expired)
    done = db.session.execute(sa.delete(Ballot).where(lapsed).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return done
