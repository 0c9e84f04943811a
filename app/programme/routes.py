from __future__ import annotations

from flask import current_app, g, render_template, url_for

from app import clock
from app.calendar_entries import location
from app.programme import bp, service
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


@bp.app_template_global()
def is_over(event) -> bool:
    return service.event_is_over(event, clock.now())


@bp.app_template_filter()
def seminar_in_zone(seminar, zone: str):
    return local_range(seminar.starts_at, seminar.ends_at, zone)


@bp.app_template_global()
def subscribe_links(endpoint: str, name: str, **values) -> dict:
    """The ways to follow a feed, for the subscribe box: webcal, Google, Outlook.com, copy, download."""
    url = current_app.config["BASE_URL"] + url_for(endpoint, **values)
    return {"url": url, "webcal": links.webcal(url), "google": links.google_subscribe(url),
            "outlook": links.outlook_subscribe(url, name), "name": name}


@bp.app_template_global()
def add_event_links(seminar) -> dict:
    """One-event links for Google Calendar and Outlook.com, with the UTC times of the seminar."""
    title = f"Seminar {seminar.number}: {seminar.title}"
    page = current_app.config["BASE_URL"] + url_for("programme.seminar", slug=seminar.slug)
    details = f"{seminar.theme}\n\nDetails and registration: {page}"
    where = location(seminar.meeting_provider)
    return {"google": links.google_event(title, seminar.starts_at, seminar.ends_at, details, where),
            "outlook": links.outlook_event(title, seminar.starts_at, seminar.ends_at, details, where)}


@bp.get("/")
def home():
    seminars, events = service.upcoming(clock.now())
    return render_template("programme/home.html", seminars=seminars, events=events)


@bp.get("/programme")
def programme():
    return render_template("programme/programme.html", events=service.all_events())


@bp.get("/seminars/<slug>")
def seminar(slug: str):
    found = service.seminar_or_404(slug)
    return render_template("programme/seminar.html", seminar=found,
                           city_times=service.times_in_cities(found))


@bp.get("/cities")
def cities():
    return render_template("programme/cities.html", cities=service.all_cities())


@bp.get("/cities/<slug>")
def city(slug: str):
    return render_template("programme/city.html", city=service.city_or_404(slug))
