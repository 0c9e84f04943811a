from __future__ import annotations

from flask import abort, current_app, g, render_template, url_for
from flask_babel import gettext as _

from app import clock, content, old_urls, programme_scope
from app.calendar_entries import location
from app.programme import bp, service
from app.i18n import cldr
from app import labels
from calendars import links
from calendars.zones import local_range


@bp.app_template_global()
def times_for_seminar(seminar):
    return service.seminar_times(seminar, g.zone.name)


@bp.app_template_global()
def times_in(seminar, zone: str):
    """A seminar's times for a reader whose zone is known (a registrant's), not the visitor's."""
    return service.seminar_times(seminar, zone)


@bp.app_template_global()
def times_for_event(event):
    return service.event_times(event, g.zone.name)


@bp.app_template_filter()
def map_link(venue) -> str:
    """The venue on OpenStreetMap: its point, or a search for its address."""
    if venue.coordinates:
        return links.openstreetmap(*venue.coordinates)
    return links.openstreetmap_search(venue.location)


@bp.app_template_global()
def event_kind(kind: str) -> str:
    return labels.kind(kind)


@bp.app_template_global()
def today(zone: str):
    """Today's date in ``zone``."""
    return service.today(zone, clock.now())


@bp.app_template_global()
def is_over(event) -> bool:
    return service.event_is_over(event, clock.now())


@bp.app_template_filter()
def seminar_in_zone(seminar, zone: str):
    return local_range(seminar.starts_at, seminar.ends_at, zone, cldr())


@bp.app_template_global()
def subscribe_links(endpoint: str, name: str, **values) -> dict:
    """The ways to follow a feed, for the subscribe box: webcal, Google, Outlook.com, copy, download."""
    url = current_app.config["BASE_URL"] + url_for(endpoint, **values)
    return {"url": url, "webcal": links.webcal(url), "google": links.google_subscribe(url),
            "outlook": links.outlook_subscribe(url, name), "name": name}


@bp.app_template_global()
def add_event_links(seminar) -> dict:
    """One-event links for Google Calendar and Outlook.com, with the UTC times of the seminar."""
    title = _("Seminar %(number)s: %(title)s", number=seminar.number, title=content.text(seminar, "title"))
    page = current_app.config["BASE_URL"] + url_for("programme.seminar", programme=seminar.event.programme.slug,
                                                    slug=seminar.slug)
    details = content.text(seminar, "theme") + "\n\n" + _("Details and registration: %(page)s", page=page)
    where = location(seminar.meeting_provider)
    return {"google": links.google_event(title, seminar.starts_at, seminar.ends_at, details, where),
            "outlook": links.outlook_event(title, seminar.starts_at, seminar.ends_at, details, where)}


@bp.get("/")
def home():
    now = clock.now()
    programmes = programme_scope.listing(now)
    return render_template("programme/home.html", programmes=programmes, seminars=service.upcoming_seminars(now),
                           key_dates=service.key_dates(programmes.current, now))


@bp.get("/p/<programme>/")
def programme():
    # The words of calendar_entries.PROVISIONAL (the feeds' note), in the reader's language.
    return render_template("programme/programme.html", events=service.all_events(g.programme),
                           provisional_note=_("The hours are placeholders until the organisers announce them."))


@bp.get("/p/<programme>/seminars/<slug>")
def seminar(slug: str):
    found = service.seminar_or_404(g.programme, slug)
    return render_template("programme/seminar.html", seminar=found,
                           city_times=service.times_in_cities(found))


@bp.get("/p/<programme>/cities")
def cities():
    return render_template("programme/cities.html", cities=service.cities_of(g.programme))


@bp.get("/p/<programme>/cities/<slug>")
def city(slug: str):
    found = service.city_or_404(g.programme, slug)
    return render_template("programme/city.html", city=found, initiatives=service.initiatives_in(g.programme, found))


# The single-programme service's pages: permanent redirects into the programme that holds them.

def _moved(endpoint: str, programme, **values):
    return old_urls.moved(url_for(endpoint, programme=programme.slug, **values))


@bp.get("/programme")
def old_programme():
    return _moved("programme.programme", programme_scope.old_urls_or_404())


@bp.get("/seminars/<slug>")
def old_seminar(slug: str):
    owner = service.seminar_owner(slug)
    if owner is None:
        abort(404, description=_("There is no seminar “%(slug)s”.", slug=slug[:80]))
    return _moved("programme.seminar", owner, slug=slug)


@bp.get("/cities")
def old_cities():
    return _moved("programme.cities", programme_scope.old_urls_or_404())


@bp.get("/cities/<slug>")
def old_city(slug: str):
    """The city in the programme of the old URLs when it takes part there, else in its newest one."""
    taking_part = service.city_programmes(slug)
    old = programme_scope.serving_old_urls()
    if not taking_part:
        abort(404, description=_("There is no city “%(slug)s”.", slug=slug[:80]))
    return _moved("programme.city", old if old in taking_part else taking_part[0], slug=slug)
