"""Export a programme as a programme file (docs/data-format.md) that the import reads back
unchanged."""
from __future__ import annotations

import contextvars
import datetime as dt

import sqlalchemy as sa
import yaml

from app.extensions import db
from app.models import Event, Programme, Seminar, Tour, Venue
from calendars.walltimes import offset_text, stored_fold

#: The language of the exported programme's columns: a text with translations is written as a
#: mapping that starts with it (``{en: …, zh_Hans: …}``), a text without any as a plain string.
_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("export_language", default="en")


def _text(row, field: str):
    others = (row.translations or {}).get(field) or {}
    written = getattr(row, field)
    return {_LANGUAGE.get(): written, **others} if others else written


def _day(value: dt.date) -> str:
    return value.isoformat()


def _times(start: dt.datetime, end: dt.datetime, zone: str) -> dict:
    values = {"date": _day(start.date()), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
    if end.date() != start.date():
        values["end_date"] = _day(end.date())
    for name, local in (("start_offset", start), ("end_offset", end)):
        if stored_fold(local, zone):  # a wall time that happens twice: say which one
            values[name] = offset_text(local)
    return values


def _seminar_entry(seminar: Seminar) -> dict:
    entry = {"number": seminar.number, "slug": seminar.slug, "title": _text(seminar, "title"),
             "theme": _text(seminar, "theme"),
             **_times(seminar.local_start, seminar.local_end, seminar.timezone), "timezone": seminar.timezone,
             "meeting": {"provider": seminar.meeting_provider, "join_url": seminar.join_url,
                         "meeting_id": seminar.meeting_id, "passcode": seminar.passcode}}
    if seminar.capacity is not None:
        entry["capacity"] = seminar.capacity
    entry["status"] = seminar.status
    entry["reminders"] = list(seminar.reminder_offsets)
    entry["initiatives"] = [{"city": i.city.slug, "title": _text(i, "title")} for i in seminar.initiatives]
    return entry


def _event_entry(event: Event) -> dict:
    entry = {"slug": event.slug, "kind": event.kind, "title": _text(event, "title"), "timezone": event.timezone,
             "location": _text(event, "location"), "description": _text(event, "description")}
    if event.venue is not None:
        entry["venue"] = event.venue.slug
    if event.provisional:
        entry["provisional"] = True
    if event.all_day:
        entry["dates"] = {"first": _day(event.first_day), "last": _day(event.last_day)}
    else:
        entry.update(_times(event.local_start, event.local_end, event.timezone))
    entry["seminars"] = [_seminar_entry(s) for s in event.seminars]
    if event.sessions:
        entry["sessions"] = [_session_entry(s) for s in event.sessions]
    return entry


def _session_entry(session: Event) -> dict:
    entry = {"slug": session.slug, "kind": session.kind, "title": _text(session, "title")}
    if session.description:
        entry["description"] = _text(session, "description")
    if session.venue is not None and session.venue_id != session.parent.venue_id:
        entry["venue"] = session.venue.slug
    entry.update(_times(session.local_start, session.local_end, session.timezone))
    entry["timezone"] = session.timezone
    if session.provisional:
        entry["provisional"] = True
    return entry


def _venue_entry(venue: Venue) -> dict:
    entry = {"slug": venue.slug, "name": _text(venue, "name"), "address": venue.address, "city": venue.city.slug,
             "timezone": venue.timezone}
    if venue.coordinates:
        entry.update(latitude=venue.latitude, longitude=venue.longitude)
    return entry


def _tour_entry(tour: Tour) -> dict:
    entry = {"slug": tour.slug, "title": _text(tour, "title"), "description": _text(tour, "description"),
             "audience": _text(tour, "audience")}
    if tour.capacity is not None:
        entry["capacity"] = tour.capacity
    if tour.illustrative:
        entry["illustrative"] = True
    entry["legs"] = []
    for leg in tour.legs:
        item = {"city": leg.city.slug, "timezone": leg.timezone, "host": _text(leg, "host")}
        if leg.venue is not None:
            item["venue"] = leg.venue.slug
        if leg.all_day:
            item["dates"] = {"first": _day(leg.first_day), "last": _day(leg.last_day)}
        else:
            times = _times(leg.local_start, leg.local_end, leg.timezone)
            times.pop("start_offset", None), times.pop("end_offset", None)  # legs take no offsets
            item.update(times)
        entry["legs"].append(item)
    return entry


def _venues_of(programme: Programme, events: list[Event], tours: list[Tour]) -> list[Venue]:
    used = {e.venue for e in events} | {s.venue for e in events for s in e.sessions}
    used |= {leg.venue for t in tours for leg in t.legs}
    return sorted((v for v in used if v is not None), key=lambda v: v.id)


def _programme_entry(programme: Programme) -> dict:
    entry = {"slug": programme.slug, "title": _text(programme, "title")}
    if programme.description:
        entry["description"] = _text(programme, "description")
    if programme.language != "en":
        entry["language"] = programme.language
    entry["timezone"] = programme.timezone
    entry["dates"] = {"first": _day(programme.first_day), "last": _day(programme.last_day)}
    entry["status"] = programme.status
    if programme.serves_old_urls:
        entry["serves_old_urls"] = True
    return entry


def export_text(programme: Programme) -> str:
    """The programme as a YAML programme file that ``import`` reads back unchanged: its cities
    are those taking part in it."""
    token = _LANGUAGE.set(programme.language)
    try:
        return _export(programme)
    finally:
        _LANGUAGE.reset(token)


def _export(programme: Programme) -> str:
    events = sorted(db.session.scalars(sa.select(Event).where(Event.programme_id == programme.id,
                                                              Event.parent_id.is_(None))),
                    key=lambda e: (e.first_date, e.id))
    tours = list(db.session.scalars(sa.select(Tour).where(Tour.programme_id == programme.id).order_by(Tour.id)))
    data = {"format": 1, "programme": _programme_entry(programme),
            "cities": [{"name": _text(c, "name"), "slug": c.slug, "country": _text(c, "country"),
                        **({"region": _text(c, "region")} if c.region else {}), "timezone": c.timezone}
                       for c in sorted(programme.cities, key=lambda c: c.id)],
            "events": [_event_entry(e) for e in events]}
    venues = _venues_of(programme, events, tours)
    if venues:
        data = {**{k: data[k] for k in ("format", "programme", "cities")}, "venues": [_venue_entry(v) for v in venues],
                "events": data["events"]}
    if tours:
        data["tours"] = [_tour_entry(t) for t in tours]
    return ("# Programme file (docs/data-format.md), exported from the organiser console.\n"
            + yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100))


class _NoAliases(yaml.SafeDumper):
    """The import refuses aliases (``*id001``), so the export never writes one."""

    def ignore_aliases(self, data) -> bool:
        return True
