"""Feeds from the database, cached twice (app/feeds/cache.py): whole feeds by the programme's
version token, and each serialized VEVENT by what it shows, so an edit rebuilds one event, not the feed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app import calendar_entries as entries
from app import content, languages
from app.calendar_entries import uid_domain
from app.extensions import db
from app.feeds.cache import AnyProgramme, BuiltFeed, built, cached, feed_cache, speaking
from app.models import (City, Event, Initiative, Programme, Seminar,
                        SeminarStatus, programme_cities)
from app.models.versioning import Version
from app.urls import page_url
from calendars import ical

PRODUCT = "Guangzhou Award seminars"
#: Programme-wide events every city feed carries beside the city's own seminar.
CITY_FEED_KINDS = ("vote", "ceremony")


def feed_info(kind: str, key: str, name: str, zone: str) -> ical.FeedInfo:
    ident = f"{kind}-{key}" if key else kind
    return ical.FeedInfo(prodid=f"-//{PRODUCT}//{ident}//EN", uid=f"feed-{ident}@{uid_domain()}",
                         name=name, zone=zone)


# --- reading rows -------------------------------------------------------------------------------

_SEMINAR_ROW = sa.select(
    Seminar.id, Seminar.slug, Seminar.number, Seminar.title, Seminar.theme, Seminar.starts_at,
    Seminar.ends_at, Seminar.timezone, Seminar.meeting_provider, Seminar.status, Seminar.sequence,
    Seminar.updated_at, Seminar.join_url, Seminar.meeting_id, Seminar.passcode, Seminar.translations,
    Event.title.label("series"), Event.translations.label("series_translations"),
    Event.updated_at.label("series_updated_at"), Programme.slug.label("programme"),
).join(Event, Event.id == Seminar.event_id).join(Programme, Programme.id == Event.programme_id)


#: Above this many seminars to serialize, read them all rather than list their ids in the query.
BULK_READ = 200


def _presenters(seminar_ids: list[int] | None, code: str) -> dict[int, tuple[entries.Presenter, ...]]:
    """Presenting cities by seminar id, in presentation order (``None``: for every seminar), in the
    language ``code``."""
    query = (sa.select(Initiative.seminar_id, City.slug, City.name, City.country, City.translations,
                       Initiative.title, Initiative.translations)
             .join(City, City.id == Initiative.city_id).order_by(Initiative.seminar_id, Initiative.position))
    if seminar_ids is not None:
        query = query.where(Initiative.seminar_id.in_(seminar_ids))
    rows = db.session.connection().execute(query)
    found: dict[int, list] = {}
    for seminar_id, slug, name, country, city_texts, title, initiative_texts in rows:
        found.setdefault(seminar_id, []).append(entries.Presenter(
            slug, content.chosen(city_texts, "name", name, code), content.chosen(city_texts, "country", country, code),
            content.chosen(initiative_texts, "title", title, code)))
    return {key: tuple(value) for key, value in found.items()}


def _cities_epoch():
    return db.session.scalar(sa.select(sa.func.max(City.updated_at)))


@dataclass(frozen=True)
class SeminarPart:
    """The seminars of a feed: their VEVENT bytes, in start order, and the bounds of their dates."""

    events: list[bytes]
    first: dt.datetime | None
    last: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Written:
    """A seminar's VEVENT for any zone: the serialized lines no zone changes, and its description,
    escaped, but for the lines that name the feed's zone."""

    prepared: ical.Prepared
    description: entries.Description
    before: bytes
    after: bytes

    @classmethod
    def of(cls, prepared: ical.Prepared, description: entries.Description) -> Written:
        return cls(prepared, description, *description.escaped())

    def in_zone(self, zone: str) -> bytes:
        when = ical.escape_text(self.description.when(zone))
        return self.prepared.finish_escaped(zone, self.before + when + self.after)


def seminars(narrow, zone: str, language: str = languages.DEFAULT, *, first_city: str | None = None,
             personal: bool = False, keep: bool = True) -> SeminarPart:
    """Serialized VEVENTs of the seminars selected by ``narrow`` (a function that adds joins and
    filters to a select of seminars), in ``zone`` and ``language``, from two caches.

    The keys come from a light query of raw columns. Each seminar is written once per version of
    its data and language (``Written``, whatever the zone); a feed in a new zone only words its
    times (about a tenth of the work). VEVENTs finished in ``zone`` are kept too when ``keep``
    (a feed's own zone, which calendars poll): one edit then costs one VEVENT. Feeds asked for in
    other zones (``?tz``) are kept whole (``cache.cached``), not event by event.
    """
    cache, epoch = feed_cache(), _cities_epoch()
    variant = ("personal" if personal else "public", first_city, language)
    keys_query = narrow(
        sa.select(Seminar.id, Seminar.sequence, sa.type_coerce(Seminar.updated_at, sa.String),
                  sa.type_coerce(Event.updated_at, sa.String))
        .join(Event, Event.id == Seminar.event_id)).order_by(Seminar.starts_at, Seminar.id)
    connection = db.session.connection()
    keys = [(seminar_id, ("seminar", seminar_id, sequence, stamp, series_stamp, epoch, variant))
            for seminar_id, sequence, stamp, series_stamp in connection.execute(keys_query)]
    # Keep what this request found: a later put may evict it from the shared cache.
    found = {seminar_id: cache.get(cache.events, (*key, zone)) for seminar_id, key in keys}
    missing = [seminar_id for seminar_id, body in found.items() if body is None]
    if missing:
        key_of = dict(keys)
        written = {seminar_id: cache.get(cache.written, key_of[seminar_id]) for seminar_id in missing}
        unwritten = [seminar_id for seminar_id, parts in written.items() if parts is None]
        with speaking(language), entries.one_catalog():
            if unwritten:
                written.update(_write(unwritten, key_of, language, first_city=first_city, personal=personal))
            for seminar_id in missing:
                found[seminar_id] = written[seminar_id].in_zone(zone)
                if keep:
                    cache.put(cache.events, (*key_of[seminar_id], zone), found[seminar_id], cache.max_events)
    bounds = db.session.execute(narrow(
        sa.select(sa.func.min(Seminar.starts_at), sa.func.max(Seminar.ends_at)).select_from(Seminar))).one()
    return SeminarPart([found[seminar_id] for seminar_id, _ in keys], *bounds)


def _write(seminar_ids: list[int], keys: dict, language: str, *, first_city, personal) -> dict[int, Written]:
    """Write these seminars' VEVENTs for any zone, keep them in the cache and return them by id."""
    cache, made = feed_cache(), {}
    # Slugs are URL-safe by construction: one url_for for the pattern, not one per seminar.
    seminar_page = page_url("programme.seminar", programme="P", slug="S").replace("/p/P/", "/p/{}/").replace(
        "/seminars/S", "/seminars/{}")
    connection = db.session.connection()
    if len(seminar_ids) > BULK_READ:  # a cold build: one plain scan beats a query listing 2,000 ids
        wanted = set(seminar_ids)
        rows = [row for row in connection.execute(_SEMINAR_ROW) if row.id in wanted]
        presenters = _presenters(None, language)
    else:
        rows = connection.execute(_SEMINAR_ROW.where(Seminar.id.in_(seminar_ids))).all()
        presenters = _presenters(seminar_ids, language)
    for row in rows:
        series = content.chosen(row.series_translations, "title", row.series, language)
        text = entries.seminar_text(row, series=series, presenters=presenters.get(row.id, ()),
                                    url=seminar_page.format(row.programme, row.slug),
                                    cancelled=row.status == SeminarStatus.CANCELLED.value, language=language)
        meeting = entries.Meeting(row.join_url, row.meeting_id, row.passcode) if personal else None
        entry = entries.seminar_entry(row, summary=entries.seminar_summary(text), url=text.url,
                                      cancelled=text.cancelled, description="")
        made[row.id] = Written.of(ical.prepare(entry), entries.describe(text, first_city=first_city, meeting=meeting))
        cache.put(cache.written, keys[row.id], made[row.id], cache.max_events)
    return made


def _event_entries(events: list[Event], zone: str) -> list[ical.Entry]:
    """Events (not seminars) as entries: one held at a venue keeps the venue's zone, address and
    coordinates, so a calendar shows it where it happens."""
    made = []
    for event in events:
        url = page_url("programme.programme", programme=event.programme.slug) + f"#{event.slug}"
        start, end = (event.first_day, event.last_day) if event.all_day else (event.starts_at, event.ends_at)
        venue = event.venue
        description = entries.event_description(
            content.text(event, "description"), all_day=event.all_day, first_day=event.first_day,
            last_day=event.last_day, start=event.starts_at, end=event.ends_at, event_zone=event.timezone,
            feed_zone=zone, url=url)
        if event.provisional:
            description = f"{entries.PROVISIONAL}\n\n{description}"
        made.append(ical.Entry(
            uid=f"event-{event.slug}@{uid_domain()}", summary=content.text(event, "title"), start=start, end=end,
            sequence=event.sequence,
            last_modified=max(event.updated_at, venue.updated_at) if venue else event.updated_at,
            url=url, location=content.location(venue) if venue else content.event_location(event),
            description=description,
            zone=venue.timezone if venue else None, geo=venue.coordinates if venue else None))
    return made


def finish(version: Version, info: ical.FeedInfo, seminars: SeminarPart, events: list[ical.Entry],
            filename: str, last_modified: dt.datetime | None = None) -> BuiltFeed:
    """Programme-wide events first, then the seminars in start order; the VTIMEZONE bounded to the
    feed's dates (validators: ``cache.built``)."""
    firsts = [e.first_day for e in events] + ([seminars.first.date()] if seminars.first else [])
    lasts = [e.last_day for e in events] + ([seminars.last.date()] if seminars.last else [])
    span = (min(firsts), max(lasts)) if firsts else None
    body = ical.assemble(info, [*(ical.vevent(e, info.zone) for e in events), *seminars.events], span,
                         ical.entry_zones(events))
    return built(version, body, filename, last_modified)


# --- the feeds ----------------------------------------------------------------------------------

def _in_programme(programme: AnyProgramme):
    """Seminars of ``programme``, as a condition that needs no join (feeds' queries differ in theirs)."""
    return Seminar.event_id.in_(sa.select(Event.id).where(Event.programme_id == programme.id))


def _programme_info(programme: AnyProgramme, kind: str, name: str, zone: str, key: str = "") -> ical.FeedInfo:
    """The programme that serves the old URLs keeps its feeds' identity (PRODID, calendar UID)."""
    scoped = key if programme.serves_old_urls else "-".join(filter(None, (programme.slug, key)))
    return feed_info(kind, scoped, name, zone)


def programme_feed(programme: AnyProgramme, zone: str | None, language: str = languages.DEFAULT) -> BuiltFeed:
    """Every event and seminar of ``programme``, in ``zone`` (default: the organisers') and ``language``."""
    keep, zone = zone in (None, programme.timezone), zone or programme.timezone

    def build(version):
        events = db.session.scalars(sa.select(Event).where(
            Event.programme_id == programme.id, Event.kind != "seminar-series")).all()
        name = _("Guangzhou Award: programme") if programme.serves_old_urls else content.text(programme, "title")
        info = _programme_info(programme, "programme", name, zone)
        return finish(version, info, seminars(lambda q: q.where(_in_programme(programme)), zone, language, keep=keep),
                       _event_entries(list(events), zone), f"{_file_stem(programme)}.ics")

    return cached("programme", programme.slug, zone, language, build, packed=not keep)


def _file_stem(programme: AnyProgramme, key: str = "") -> str:
    """The download's name: as before for the programme of the old URLs, else after the programme."""
    if programme.serves_old_urls:
        return f"guangzhou-award-{key or 'programme'}"
    return f"{programme.slug}-{key}" if key else programme.slug


def city_feed(programme: AnyProgramme, slug: str, zone: str | None,
              language: str = languages.DEFAULT) -> BuiltFeed | None:
    """A city's seminars in ``programme`` and the programme's vote and ceremony (None when the city
    takes no part in it)."""
    city = db.session.scalar(sa.select(City).join(programme_cities).where(
        City.slug == slug, programme_cities.c.programme_id == programme.id))
    if city is None:
        return None
    keep, zone = zone in (None, city.timezone), zone or city.timezone

    def build(version):
        def presented_there(query):
            return query.join(Initiative, Initiative.seminar_id == Seminar.id).where(
                Initiative.city_id == city.id, _in_programme(programme))

        events = db.session.scalars(sa.select(Event).where(
            Event.programme_id == programme.id, Event.kind.in_(CITY_FEED_KINDS))).all()
        name = _("Guangzhou Award: %(city)s", city=content.text(city, "name"))
        info = _programme_info(programme, "city", name, zone, slug)
        return finish(version, info, seminars(presented_there, zone, language, first_city=slug, keep=keep),
                       _event_entries(list(events), zone), f"{_file_stem(programme, slug)}.ics")

    return cached("city", f"{programme.slug}/{slug}", zone, language, build, packed=not keep)


def seminar_feed(slug: str, zone: str | None, programme: Programme | None = None,
                 language: str = languages.DEFAULT) -> BuiltFeed | None:
    """One seminar (of ``programme`` when given; slugs are unique across programmes)."""
    query = sa.select(Seminar).where(Seminar.slug == slug)
    if programme is not None:
        query = query.join(Seminar.event).where(Event.programme_id == programme.id)
    seminar = db.session.scalar(query)
    if seminar is None:
        return None
    keep, zone = zone in (None, seminar.timezone), zone or seminar.timezone

    def build(version):
        info = feed_info("seminar", slug, _("Guangzhou Award: Seminar %(number)s", number=seminar.number), zone)
        part = seminars(lambda q: q.where(Seminar.id == seminar.id), zone, language, keep=keep)
        return finish(version, info, part, [], f"guangzhou-award-{slug}.ics")

    return cached("seminar", slug, zone, language, build, packed=not keep)
