"""Add and edit programmes, events, cities and initiatives, each commit with its audit entry.

Seminars, whose edits reach registrants, have their own module (seminars.py).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app import audit, languages
from app.extensions import db
from app.models import City, Event, Initiative, Programme, Seminar
from app.field_error import FieldError
from app.organise import relabel
from app.slugs import RESERVED_SLUGS, is_slug, slugify
from app.vote.service import holds_votes


def save_row(kind: str, key_of, row, values: dict, now: dt.datetime, *, model, joins=None) -> tuple[object, dict]:
    """Set ``values`` on ``row`` (a new ``model`` when None), record the change and commit; a new
    row first joins ``joins`` (a list such as a programme's cities)."""
    if row is None:
        row = model(**values)
        db.session.add(row)
        if joins is not None:
            joins.append(row)
        db.session.flush()
        changes = audit.diff({}, values)
        audit.record("added", kind, key_of(row), changes, now=now, row=row)
    else:
        changes = audit.diff({name: getattr(row, name) for name in values}, values)
        if not changes:
            return row, {}
        for name, value in values.items():
            setattr(row, name, value)
        db.session.flush()
        audit.record("changed", kind, key_of(row), changes, now=now, row=row)
    db.session.commit()
    return row, changes


#: Refusals of a slug another row has, by the kind of row (one sentence each: words differ by language).
_SLUG_TAKEN = {"programme": _l("Another programme already uses the address name “%(slug)s”."),
               "event": _l("Another event already uses the address name “%(slug)s”."),
               "city": _l("Another city already uses the address name “%(slug)s”."),
               "tour": _l("Another tour already uses the address name “%(slug)s”.")}


def slug_free(model, slug: str, row, label: str) -> None:
    query = sa.select(model.id).where(model.slug == slug, model.id != (row.id if row is not None else -1))
    if db.session.scalar(query) is not None:
        raise FieldError("slug", str(_SLUG_TAKEN[label]) % {"slug": slug})


def save_programme(programme: Programme | None, values: dict, now: dt.datetime) -> tuple[Programme, dict]:
    """A new programme needs a free slug that is no path of the service; a programme keeps its slug
    (its public pages, feeds and audit entries are named by it). ``values`` are written in the
    programme's language so far (English for a new one); a new ``language`` re-labels its texts and
    its rows' in the same commit (relabel.py)."""
    if programme is None and values["slug"] in RESERVED_SLUGS:
        raise FieldError("slug", _("“%(slug)s” is a reserved path of the service (%(reserved)s); choose another "
                                   "address name.", slug=values["slug"], reserved=", ".join(sorted(RESERVED_SLUGS))))
    if programme is None:
        slug_free(Programme, values["slug"], None, "programme")
    old = programme.language if programme is not None else languages.DEFAULT
    if (new := values.get("language", old)) != old:
        values = relabel.relabel_values(values, old, new)
        if programme is not None:
            relabel.relabel_rows(programme, old, new, now)
    return save_row("programme", lambda p: p.slug, programme, values, now, model=Programme)


def save_event(event: Event | None, values: dict, now: dt.datetime) -> tuple[Event, dict]:
    slug_free(Event, values["slug"], event, "event")
    if event is not None and event.kind == "vote" and values["kind"] != "vote" and (held := holds_votes(event)):
        raise FieldError("kind", ngettext("This vote holds %(num)d confirmed vote; it stays a vote.",
                                          "This vote holds %(num)d confirmed votes; it stays a vote.", held))
    return save_row("event", lambda e: e.slug, event, values, now, model=Event)


def save_city(city: City | None, values: dict, now: dt.datetime, programme: Programme) -> tuple[City, dict]:
    """A new city takes part in ``programme`` (an existing one is edited wherever it takes part)."""
    values = dict(values)
    if not values.get("slug"):
        values["slug"] = slugify(values["name"])
        if not is_slug(values["slug"]):
            raise FieldError("slug", _("The name gives no usable address name; type one, such as “sao-paulo”."))
    slug_free(City, values["slug"], city, "city")
    return save_row("city", lambda c: c.slug, city, values, now, model=City, joins=programme.cities)


def _initiative_key(initiative: Initiative) -> str:
    return f"{initiative.seminar.slug}/{initiative.city.slug}"


def save_initiative(initiative: Initiative | None, values: dict, now: dt.datetime) -> tuple[Initiative, dict]:
    city, seminar = db.session.get(City, values["city_id"]), db.session.get(Seminar, values["seminar_id"])
    if city is None:
        raise FieldError("city", _("Choose a city from the list."))
    if seminar is None:
        raise FieldError("seminar", _("Choose a seminar from the list."))
    clash = db.session.scalar(sa.select(Initiative.id).where(
        Initiative.city_id == city.id, Initiative.seminar_id == seminar.id,
        Initiative.id != (initiative.id if initiative is not None else -1)))
    if clash is not None:
        raise FieldError("city", _("%(city)s already presents an initiative at Seminar %(number)s; edit that one "
                                   "instead.", city=city.name, number=seminar.number))
    return save_row("initiative", _initiative_key, initiative, values, now, model=Initiative)


def remove_initiative(initiative: Initiative, now: dt.datetime) -> None:
    key = _initiative_key(initiative)
    db.session.delete(initiative)
    audit.record("removed", "initiative", key, {"title": [initiative.title, None]}, now=now,
                 row=initiative)
    db.session.commit()
