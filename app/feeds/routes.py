"""Feed URLs: a plain-text answer for anything wrong, conditional GET and HEAD for the rest."""
from __future__ import annotations

from flask import Response, abort, make_response, request

from app import programme_scope
from app.feeds import bp, service
from app.feeds import personal as personal_feeds
from app.feeds import tours as tour_feeds
from app.feeds.cache import BuiltFeed, ProgrammeRef, programme_ref
from calendars import zones

#: How long a client or proxy may reuse a feed before asking again (it then gets a cheap 304).
MAX_AGE = 300


def _zone_arg() -> str | None:
    """The ?tz of a feed; a bad one is a 400 in plain text (the reader may be a calendar client)."""
    value = request.args.get("tz")
    if value is None or not value.strip():
        return None
    try:
        return zones.zone_name(value)
    except zones.UnknownZone as error:
        abort(make_response((str(error) + "\n", 400, {"Content-Type": "text/plain; charset=utf-8"})))


def _not_found(message: str = "") -> Response:
    return make_response((message, 404, {"Content-Type": "text/plain; charset=utf-8"}))


def _serve(feed: BuiltFeed, *, private: bool = False) -> Response:
    response = Response(feed.body, content_type="text/calendar; charset=utf-8")
    response.set_etag(feed.etag)
    response.last_modified = feed.last_modified
    response.cache_control.max_age = MAX_AGE
    if private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.headers["Content-Disposition"] = f'attachment; filename="{feed.filename}"'
    return response.make_conditional(request)


def _programme(slug: str | None = None) -> ProgrammeRef:
    """The programme of /calendars/p/<slug>/, or the one the old feed URLs serve; a plain 404."""
    programme = programme_ref(slug or "", lambda: programme_scope.public_programme(slug) if slug
                              else programme_scope.serving_old_urls())
    if programme is None:
        abort(_not_found("There is no such programme.\n"))
    return programme


@bp.get("/p/<programme>/programme.ics")
def programme(programme: str):
    return _serve(service.programme_feed(_programme(programme), _zone_arg()))


@bp.get("/p/<programme>/cities/<slug>.ics")
def city(programme: str, slug: str):
    feed = service.city_feed(_programme(programme), slug, _zone_arg())
    return _serve(feed) if feed else _not_found("There is no calendar feed for that city.\n")


@bp.get("/p/<programme>/seminars/<slug>.ics")
def seminar(programme: str, slug: str):
    feed = service.seminar_feed(slug, _zone_arg(), _programme(programme))
    return _serve(feed) if feed else _not_found("There is no calendar feed for that seminar.\n")


@bp.get("/p/<programme>/tours/<slug>.ics")
def tour(programme: str, slug: str):
    feed = tour_feeds.tour_feed(_programme(programme), slug, _zone_arg())
    return _serve(feed) if feed else _not_found("There is no calendar feed for that tour.\n")


# The single-programme service's feed URLs answer directly, never with a redirect: calendar
# clients do not all follow one on a subscription. Same bytes, same UIDs.

@bp.get("/programme.ics")
def old_programme():
    return _serve(service.programme_feed(_programme(), _zone_arg()))


@bp.get("/cities/<slug>.ics")
def old_city(slug: str):
    feed = service.city_feed(_programme(), slug, _zone_arg())
    return _serve(feed) if feed else _not_found("There is no calendar feed for that city.\n")


@bp.get("/seminars/<slug>.ics")
def old_seminar(slug: str):
    feed = service.seminar_feed(slug, _zone_arg())
    return _serve(feed) if feed else _not_found("There is no calendar feed for that seminar.\n")


@bp.get("/personal/<token>.ics")
def personal(token: str):
    """An unknown or revoked token answers a bare 404: nothing tells a guesser what exists."""
    registrant = personal_feeds.personal_registrant(token) if len(token) <= 64 else None
    if registrant is None:
        return _not_found()
    return _serve(personal_feeds.personal_feed(registrant, _zone_arg()), private=True)
