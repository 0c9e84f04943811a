"""Which programme a request is about: by its slug in /p/<slug>/, or the one the single-programme
service's URLs still serve; and the programmes the home page lists."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, g
from flask_babel import gettext as _

from app.extensions import db
from app.models import Programme, ProgrammeStatus
from calendars import zones


def public_programme(slug: str) -> Programme | None:
    """A programme the public may see (a draft is the organisers' own)."""
    return db.session.scalar(sa.select(Programme).where(
        Programme.slug == slug, Programme.status != ProgrammeStatus.DRAFT.value))


def programme_or_404(slug: str) -> Programme:
    """A public programme, or a 404 that names what was asked for."""
    programme = public_programme(slug)
    if programme is None:
        abort(404, description=_("There is no programme “%(slug)s”.", slug=slug[:80]))
    return programme


def serving_old_urls() -> Programme | None:
    """The programme behind /programme, /seminars/<slug>, /calendars/programme.ics … (None before
    any programme exists)."""
    return db.session.scalar(sa.select(Programme).where(Programme.serves_old_urls))


def old_urls_or_404() -> Programme:
    programme = serving_old_urls()
    if programme is None:
        abort(404, description=_("There is no programme yet."))
    return programme


@dataclass(frozen=True)
class Listing:
    """The home page's programmes: those under way or to come (soonest first), and the archive
    (latest first)."""

    current: list[Programme]
    past: list[Programme]


def listing(now: dt.datetime) -> Listing:
    programmes = db.session.scalars(sa.select(Programme).where(
        Programme.status != ProgrammeStatus.DRAFT.value)).all()
    past = [p for p in programmes if p.is_past(now.astimezone(zones.get_zone(p.timezone)).date())]
    current = [p for p in programmes if p not in past]
    return Listing(current=sorted(current, key=lambda p: (p.first_day, p.slug)),
                   past=sorted(past, key=lambda p: (p.last_day, p.slug), reverse=True))


def scope_blueprint(bp) -> None:
    """Public routes of ``bp`` under /p/<programme>/ read their programme once, as ``g.programme``
    (a 404 for an unknown or draft one); views never take it as an argument."""

    @bp.url_value_preprocessor
    def _pull(endpoint, values):
        if values and "programme" in values:
            g.programme_slug = values.pop("programme")

    @bp.before_request
    def _load():
        # After the app's own checks of the address (a NUL in the slug is refused there first).
        if g.get("programme_slug") is not None:
            g.programme = programme_or_404(g.programme_slug)


def init_app(app) -> None:
    """Links built while a programme's page is served stay in that programme: url_for fills the
    <programme> of any endpoint that needs one from ``g.programme`` unless the caller gives one."""

    @app.url_defaults
    def _fill(endpoint, values):
        if "programme" not in values and g.get("programme") is not None and \
                app.url_map.is_endpoint_expecting(endpoint, "programme"):
            values["programme"] = g.programme.slug
