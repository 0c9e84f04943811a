"""Feed URLs: a plain-text answer for anything wrong, conditional GET and HEAD for the rest.

A feed's language comes from its URL alone (``?lang=``; English without it, or for an unknown
one), never from a cookie or Accept-Language: a calendar server's fetch of a URL gets the same
bytes as a person's. The personal feed follows its registrant's language unless ``?lang`` says.
"""
from __future__ import annotations

from flask import Response, abort, make_response, request
from flask_babel import lazy_gettext as _l

from app import languages, programme_scope
from app.feeds import bp, service
from app.feeds import personal as personal_feeds
from app.feeds import tours as tour_feeds
from app.feeds.cache import GZIP_MIN_BYTES, BuiltFeed, ProgrammeRef, feed_cache, programme_ref, speaking
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


def _language_arg() -> str | None:
    """The code ``?lang`` names, or None (absent or unknown: ignored, never an error)."""
    return languages.parse(request.args.get("lang"))


def _not_found(message: str = "") -> Response:
    return make_response((message, 404, {"Content-Type": "text/plain; charset=utf-8"}))


def _gzip_wanted(feed: BuiltFeed) -> bool:
    """gzip when the client accepts it (``Accept-Encoding``, ``q`` above 0) and it is worth it."""
    return feed.length >= GZIP_MIN_BYTES and request.accept_encodings["gzip"] > 0


def _serve(feed: BuiltFeed, language: str, *, private: bool = False) -> Response:
    """The feed, gzipped where the client accepts it: each encoding is its own representation,
    with its own strong ETag (``…-gz``), and ``Vary: Accept-Encoding`` tells caches so."""
    if _gzip_wanted(feed):
        response = Response(feed_cache().compressed(feed), content_type="text/calendar; charset=utf-8")
        response.headers["Content-Encoding"] = "gzip"
        response.set_etag(f"{feed.etag}-gz")
    else:
        response = Response(feed.body, content_type="text/calendar; charset=utf-8")
        response.set_etag(feed.etag)
    response.vary.add("Accept-Encoding")
    response.last_modified = feed.last_modified
    response.cache_control.max_age = MAX_AGE
    if private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.headers["Content-Disposition"] = f'attachment; filename="{feed.filename}"'
    response.headers["Content-Language"] = languages.get(language).tag
    return response.make_conditional(request)


def _public(build, missing=None) -> Response:
    """``build(language)``'s feed in the language of ``?lang``, or ``missing`` in it (a plain 404).
    A feed from the cache needs no locale: only a build (``cache.cached``) or a refusal speaks."""
    language = _language_arg() or languages.DEFAULT
    feed = build(language)
    if feed:
        return _serve(feed, language)
    with speaking(language):
        return _not_found(f"{missing}\n")


def _programme(slug: str | None = None) -> ProgrammeRef:
    """The programme of /calendars/p/<slug>/, or the one the old feed URLs serve; a plain 404."""
    programme = programme_ref(slug or "", lambda: programme_scope.public_programme(slug) if slug
                              else programme_scope.serving_old_urls())
    if programme is None:
        with speaking(_language_arg() or languages.DEFAULT):
            abort(_not_found(f"{NO_PROGRAMME}\n"))
    return programme


#: What a 404 says, in the language ``_public`` speaks.
NO_PROGRAMME = _l("There is no such programme.")
NO_CITY = _l("There is no calendar feed for that city.")
NO_SEMINAR = _l("There is no calendar feed for that seminar.")
NO_TOUR = _l("There is no calendar feed for that tour.")


@bp.get("/p/<programme>/programme.ics")
def programme(programme: str):
    return _public(lambda language: service.programme_feed(_programme(programme), _zone_arg(), language))


@bp.get("/p/<programme>/cities/<slug>.ics")
def city(programme: str, slug: str):
    return _public(lambda language: service.city_feed(_programme(programme), slug, _zone_arg(), language), NO_CITY)


@bp.get("/p/<programme>/seminars/<slug>.ics")
def seminar(programme: str, slug: str):
    return _public(lambda language: service.seminar_feed(slug, _zone_arg(), _programme(programme), language),
                   NO_SEMINAR)


@bp.get("/p/<programme>/tours/<slug>.ics")
def tour(programme: str, slug: str):
    return _public(lambda language: tour_feeds.tour_feed(_programme(programme), slug, _zone_arg(), language), NO_TOUR)


# The single-programme service's feed URLs answer directly, never with a redirect: calendar
# clients do not all follow one on a subscription. Same bytes, same UIDs.

@bp.get("/programme.ics")
def old_programme():
    return _public(lambda language: service.programme_feed(_programme(), _zone_arg(), language))


@bp.get("/cities/<slug>.ics")
def old_city(slug: str):
    return _public(lambda language: service.city_feed(_programme(), slug, _zone_arg(), language), NO_CITY)


@bp.get("/seminars/<slug>.ics")
def old_seminar(slug: str):
    return _public(lambda language: service.seminar_feed(slug, _zone_arg(), language=language), NO_SEMINAR)


@bp.get("/personal/<token>.ics")
def personal(token: str):
    """An unknown or revoked token answers a bare 404: nothing tells a guesser what exists. The
    feed is in the registrant's language, unless ``?lang`` names another."""
    registrant = personal_feeds.personal_registrant(token) if len(token) <= 64 else None
    if registrant is None:
        return _not_found()
    language = languages.get(_language_arg() or registrant.language).code
    return _serve(personal_feeds.personal_feed(registrant, _zone_arg(), language), language, private=True)
