"""Feeds from the database, cached twice: whole feeds by the programme's version token, and each
serialized VEVENT by what it shows, so an edit rebuilds one event, not the feed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, url_for

from app.extensions import db
from app.feeds import describe
from app.models import City, Event, FeedToken, Initiative, Registrant, Registration, Seminar
from app.models.registrations import RegistrationStatus
from app.models.versioning import current_token
from calendars import ical

PRODUCT = "Guangzhou Award seminars"
#: Programme-wide events every city feed carries beside the city's own seminar.
CITY_FEED_KINDS = ("vote", "ceremony")


@dataclass(frozen=True)
class BuiltFeed:
    version: str
    body: bytes
    etag: str
    last_modified: dt.datetime
    filename: str


class FeedCache:
    """Per-process LRU caches; each worker builds a feed once per programme version."""

    def __init__(self, max_feeds: int = 512, max_events: int = 50_000):
        self.feeds: OrderedDict[tuple, BuiltFeed] = OrderedDict()
        self.events: OrderedDict[tuple, bytes] = OrderedDict()
        self.max_feeds, self.max_events = max_feeds, max_events

    @staticmethod
    def _put(store: OrderedDict, key, value, limit: int) -> None:
        store[key] = value
        store.move_to_end(key)
        while len(store) > limit:
            store.popitem(last=False)


def init_app(app) -> None:
    app.extensions["feed_cache"] = FeedCache()


def _cache() -> FeedCache:
    return current_app.extensions["feed_cache"]


def _absolute(endpoint: str, **values) -> str:
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def uid_domain() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def _info(kind: str, key: str, name: str, zone: str) -> ical.FeedInfo:
    ident = f"{kind}-{key}" if key else kind
    return ical.FeedInfo(prodid=f"-//{PRODUCT}//{ident}//EN", uid=f"feed-{ident}@{uid_domain()}",
                         name=name, zone=zone)


# --- reading rows -------------------------------------------------------------------------------

_SEMINAR_ROW = sa.select(
    Seminar.id, Seminar.slug, Seminar.number, Seminar.title, Seminar.theme, Seminar.starts_at,
    Seminar.ends_at, Seminar.timezone, Seminar.meeting_provider, Seminar.status, Seminar.sequence,
    Seminar.updated_at, Seminar.join_url, Seminar.meeting_id, Seminar.passcode,
    Event.title.label("series"), Event.updated_at.label("series_updated_at"),
).join(Event, Event.id == Seminar.event_id)


def _presenters(seminar_ids) -> dict[int, tuple[describe.Presenter, ...]]:
    rows = db.session.execute(
        sa.select(Initiative.seminar_id, City.slug, City.name, City.country, Initiative.title)
        .join(City, City.id == Initiative.city_id)
        .where(Initiative.seminar_id.in_(list(seminar_ids)))
        .order_by(Initiative.seminar_id, Initiative.position)
    )
    found: dict[int, list] = {}
    for seminar_id, slug, name, country, title in rows:
        found.setdefault(seminar_id, []).append(describe.Presenter(slug, name, country, title))
    return {key: tuple(value) for key, value in found.items()}


def _cities_epoch():
    return db.session.scalar(sa.select(sa.func.max(City.updated_at)))


def _seminar_entries(rows, zone: str, *, first_city: str | None = None, personal: bool = False) -> list[bytes]:
    """Serialized VEVENTs for seminar rows, from the cache where nothing they show has changed."""
    cache, epoch = _cache(), _cities_epoch()
    variant = ("personal" if personal else "public", first_city)
    keys = {row.id: ("seminar", row.id, row.sequence, row.updated_at, row.series_updated_at, epoch, zone, variant)
            for row in rows}
    missing = [row for row in rows if keys[row.id] not in cache.events]
    presenters = _presenters(row.id for row in missing) if missing else {}
    for row in missing:
        text = describe.SeminarText(
            number=row.number, title=row.title, theme=row.theme, series=row.series,
            provider=row.meeting_provider, starts_at=row.starts_at, ends_at=row.ends_at, zone=row.timezone,
            cancelled=row.status == "cancelled", presenters=presenters.get(row.id, ()),
            url=_absolute("programme.seminar", slug=row.slug))
        meeting = describe.Meeting(row.join_url, row.meeting_id, row.passcode) if personal else None
        entry = ical.Entry(
            uid=f"seminar-{row.slug}@{uid_domain()}", summary=describe.seminar_summary(text),
            start=row.starts_at, end=row.ends_at, sequence=row.sequence, last_modified=row.updated_at,
            description=describe.seminar_description(text, zone, first_city=first_city, meeting=meeting),
            url=text.url, location=f"Online ({row.meeting_provider})", cancelled=text.cancelled)
        FeedCache._put(cache.events, keys[row.id], ical.vevent(entry, zone), cache.max_events)
    return [cache.events[keys[row.id]] for row in rows]


def _event_entries(events: list[Event], zone: str) -> list[ical.Entry]:
    entries = []
    for event in events:
        url = _absolute("programme.programme") + f"#{event.slug}"
        start, end = (event.first_day, event.last_day) if event.all_day else (event.starts_at, event.ends_at)
        entries.append(ical.Entry(
            uid=f"event-{event.slug}@{uid_domain()}", summary=event.title, start=start, end=end,
            sequence=event.sequence, last_modified=event.updated_at, url=url, location=event.location,
            description=describe.event_description(
                event.description, all_day=event.all_day, first_day=event.first_day, last_day=event.last_day,
                start=event.starts_at, end=event.ends_at, event_zone=event.timezone, feed_zone=zone, url=url)))
    return entries


def _finish(version: str, info: ical.FeedInfo, seminar_rows, seminar_bytes: list[bytes],
            events: list[ical.Entry], filename: str) -> BuiltFeed:
    """Order everything by start, bound the VTIMEZONE to the feed's dates, and hash the bytes."""
    items = [(row.starts_at, body) for row, body in zip(seminar_rows, seminar_bytes)]
    for entry in events:
        start = entry.start if not entry.all_day else dt.datetime.combine(entry.start, dt.time(), dt.timezone.utc)
        items.append((start, ical.vevent(entry, info.zone)))
    items.sort(key=lambda item: item[0])
    days = [row.starts_at.date() for row in seminar_rows] + [row.ends_at.date() for row in seminar_rows]
    days += [e.first_day for e in events] + [e.last_day for e in events]
    span = (min(days), max(days)) if days else None
    body = ical.assemble(info, (b for _, b in items), span)
    stamps = [row.updated_at for row in seminar_rows] + [e.last_modified for e in events]
    last_modified = max(stamps) if stamps else dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    etag = hashlib.sha256(body).hexdigest()[:32]
    return BuiltFeed(version, body, etag, last_modified.replace(microsecond=0), filename)


def _cached(kind: str, key: str, zone: str, build) -> BuiltFeed | None:
    version = current_token(db.session)
    cache = _cache()
    hit = cache.feeds.get((kind, key, zone))
    if hit is not None and hit.version == version:
        cache.feeds.move_to_end((kind, key, zone))
        return hit
    built = build(version)
    if built is not None:
        FeedCache._put(cache.feeds, (kind, key, zone), built, cache.max_feeds)
    return built


# --- the feeds ----------------------------------------------------------------------------------

def programme_feed(zone: str) -> BuiltFeed:
    def build(version):
        rows = db.session.execute(_SEMINAR_ROW.order_by(Seminar.starts_at, Seminar.id)).all()
        events = db.session.scalars(sa.select(Event).where(Event.kind != "seminar-series")).all()
        info = _info("programme", "", "Guangzhou Award: programme", zone)
        return _finish(version, info, rows, _seminar_entries(rows, zone), _event_entries(list(events), zone),
                       "guangzhou-award-programme.ics")

    return _cached("programme", "", zone, build)


def city_feed(slug: str, zone: str | None) -> BuiltFeed | None:
    city = db.session.scalar(sa.select(City).where(City.slug == slug))
    if city is None:
        return None
    zone = zone or city.timezone

    def build(version):
        rows = db.session.execute(
            _SEMINAR_ROW.join(Initiative, Initiative.seminar_id == Seminar.id)
            .where(Initiative.city_id == city.id).order_by(Seminar.starts_at)).all()
        events = db.session.scalars(sa.select(Event).where(Event.kind.in_(CITY_FEED_KINDS))).all()
        info = _info("city", slug, f"Guangzhou Award: {city.name}", zone)
        return _finish(version, info, rows, _seminar_entries(rows, zone, first_city=slug),
                       _event_entries(list(events), zone), f"guangzhou-award-{slug}.ics")

    return _cached("city", slug, zone, build)


def seminar_feed(slug: str, zone: str | None) -> BuiltFeed | None:
    seminar = db.session.scalar(sa.select(Seminar).where(Seminar.slug == slug))
    if seminar is None:
        return None
    zone = zone or seminar.timezone

    def build(version):
        rows = db.session.execute(_SEMINAR_ROW.where(Seminar.id == seminar.id)).all()
        info = _info("seminar", slug, f"Guangzhou Award: Seminar {seminar.number}", zone)
        return _finish(version, info, rows, _seminar_entries(rows, zone), [], f"guangzhou-award-{slug}.ics")

    return _cached("seminar", slug, zone, build)


def personal_feed(token: str, zone: str | None) -> BuiltFeed | None:
    """A confirmed registrant's seminars with meeting details; None for an unknown or revoked token."""
    registrant = db.session.scalar(
        sa.select(Registrant).join(FeedToken)
        .where(FeedToken.token == token, FeedToken.revoked_at.is_(None)))
    if registrant is None:
        return None
    zone = zone or registrant.timezone
    rows = db.session.execute(
        _SEMINAR_ROW.join(Registration, Registration.seminar_id == Seminar.id)
        .where(Registration.registrant_id == registrant.id,
               Registration.status == RegistrationStatus.CONFIRMED.value)
        .order_by(Seminar.starts_at)).all()
    info = _info("personal", str(registrant.id), "Guangzhou Award: my seminars", zone)
    return _finish(current_token(db.session), info, rows, _seminar_entries(rows, zone, personal=True), [],
                   "my-guangzhou-award-seminars.ics")
