"""The programme a console request acts on: /organise/p/<programme>/… names it. The URL processors
below take it out of the view's arguments, check it once for every view (a 404 for no such
programme, a 403 for an editor it was not granted to, before the view reads or writes anything),
and put it back into every ``url_for`` of a console page, so views and templates need not pass it.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, g
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.grants import may_edit
from app.extensions import db
from app.models import Programme


def take_slug(endpoint: str | None, values: dict | None) -> None:
    """url_value_preprocessor: the slug waits in ``g`` until the sign-in check has run."""
    if values and "programme" in values:
        g.programme_slug = values.pop("programme")


def check() -> None:
    """before_request, after the sign-in check: the named programme, if this organiser may act on it."""
    slug = g.pop("programme_slug", None)
    if slug is None:
        return
    programme = db.session.scalar(sa.select(Programme).filter_by(slug=slug))
    if programme is None:
        abort(404, description=_("There is no programme “%(slug)s”.", slug=slug[:80]))
    if not may_edit(current_user, programme):
        abort(403, description=_("Your account does not edit the programme “%(title)s”. An admin can add it "
                                 "to your programmes on the accounts page.", title=programme.title))
    g.programme = programme


def fill_slug(endpoint: str, values: dict) -> None:
    """url_defaults: a console page of the current programme links to its other pages."""
    if ("programme" not in values and "programme" in g
            and current_app.url_map.is_endpoint_expecting(endpoint, "programme")):
        values["programme"] = g.programme.slug


def current() -> Programme:
    """The programme of this request (only under /organise/p/<programme>/)."""
    return g.programme
