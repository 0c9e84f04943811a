"""A programme's language changes: its texts are re-labelled, and no text is lost.

The rule, for each translatable field of each row: the column takes the field's translation in the
new language if there is one (which leaves ``translations``), else it keeps its text, now read as
the new language until someone writes that version; the text the column held becomes the field's
translation in the old language (unless it is the very text the column now holds). Readers of the
old language read exactly what they read before; so do readers of the new one; readers of a third
language without its own version read the new column. Going back with no edit in between restores
the start: en -> zh_Hans -> en leaves every row as it was.

The rows are the programme's own (events and sessions, seminars, initiatives, tours and legs) and the
cities (with their venues) that take part in no other programme: a city several programmes share
keeps its columns, which the others read as theirs.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app import audit
from app.extensions import db
from app.models import City, Event, Programme, Tour, Venue, programme_cities


def relabelled(columns: dict[str, str], translations: dict | None, old: str, new: str) -> tuple[dict, dict]:
    """The columns and ``translations`` of one row once its columns' language goes from ``old`` to
    ``new``; new dicts, the arguments untouched. A stray ``old`` translation gives way to the column,
    which already held that language."""
    columns, translations = dict(columns), {k: dict(v) for k, v in (translations or {}).items()}
    if old == new:
        return columns, translations
    for field, written in list(columns.items()):
        codes = translations.pop(field, {})
        codes.pop(old, None)
        version = codes.pop(new, "")
        if version:
            columns[field] = version
        if written and written != version:  # the same text twice was a copy: the column says it
            codes[old] = written
        if codes:
            translations[field] = codes
    return columns, translations


def _rows(programme: Programme) -> list[tuple[str, str, object]]:
    """(kind, key, row) of every row whose texts follow ``programme``'s language, as the audit log names them."""
    events = db.session.scalars(sa.select(Event).where(Event.programme_id == programme.id).order_by(Event.id)).all()
    seminars = [s for e in events for s in e.seminars]
    tours = db.session.scalars(sa.select(Tour).where(Tour.programme_id == programme.id).order_by(Tour.id)).all()
    shared = sa.select(programme_cities.c.city_id).where(programme_cities.c.programme_id != programme.id)
    cities = db.session.scalars(sa.select(City).join(programme_cities).where(
        programme_cities.c.programme_id == programme.id, City.id.not_in(shared)).order_by(City.id)).all()
    venues = db.session.scalars(sa.select(Venue).where(Venue.city_id.in_([c.id for c in cities]))
                                .order_by(Venue.id)).all() if cities else []
    return ([("event", e.slug, e) for e in events] + [("seminar", s.slug, s) for s in seminars]
            + [("initiative", f"{s.slug}/{i.city.slug}", i) for s in seminars for i in s.initiatives]
            + [("tour", t.slug, t) for t in tours]
            + [("tour leg", f"{t.slug}/{leg.city.slug}", leg) for t in tours for leg in t.legs]
            + [("city", c.slug, c) for c in cities] + [("venue", v.slug, v) for v in venues])


def _texts(row) -> dict:
    return {field: getattr(row, field) for field in row.TRANSLATED} | {"translations": row.translations or {}}


def relabel_rows(programme: Programme, old: str, new: str, now: dt.datetime) -> int:
    """Re-label the texts of ``programme``'s rows (not the programme's own: its form's values are
    re-labelled by the caller), each changed row with its audit entry, in the caller's transaction;
    how many rows changed."""
    changed = 0
    for kind, key, row in _rows(programme):
        before = _texts(row)
        columns, translations = relabelled({f: before[f] for f in row.TRANSLATED}, before["translations"], old, new)
        if translations == before["translations"]:
            translations = before["translations"]  # the same texts in another order: no change
        after = columns | {"translations": translations}
        if changes := audit.diff(before, after):
            for name, value in after.items():
                setattr(row, name, value)
            audit.record("changed", kind, key, changes, f"texts re-labelled from {old} to {new}", now=now,
                         row=row, programme=programme.slug)
            changed += 1
    return changed


def relabel_values(values: dict, old: str, new: str) -> dict:
    """A programme form's ``values`` (its title, description and translations as written in ``old``)
    re-labelled as ``new``."""
    columns, translations = relabelled({f: values[f] for f in Programme.TRANSLATED},
                                       values.get("translations"), old, new)
    return values | columns | ({"translations": translations} if translations or "translations" in values else {})
