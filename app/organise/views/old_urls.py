"""The console's addresses from before programmes (/organise/seminars/<slug> …), kept for bookmarks:
a GET goes to the same page under the programme its row belongs to, with the same query string.
Addresses that named no row (the new-entry forms, the import, the export) are gone."""
from __future__ import annotations

import sqlalchemy as sa
from flask import redirect, request, url_for

from app.extensions import db
from app.models import Event, Initiative, Programme, Seminar
from app.organise.views.helpers import missing

_SEMINAR_PAGES = {"seminar", "registrants", "registrants_csv", "announce"}


def moved(to: str, slug: str | None = None, initiative_id: int | None = None):
    query = sa.select(Programme.slug).join(Programme.events)
    if initiative_id is not None:
        model, query = Initiative, query.join(Event.seminars).join(Seminar.initiatives).where(
            Initiative.id == initiative_id)
    elif to in _SEMINAR_PAGES:
        model, query = Seminar, query.join(Event.seminars).where(Seminar.slug == slug)
    elif to == "event":
        model, query = Event, query.where(Event.slug == slug)
    else:  # a vote's tally
        model, query = Event, query.where(Event.slug == slug, Event.kind == "vote")
    programme = db.one_or_404(query, description=missing(model))
    target = url_for(f"organise.{to}", programme=programme,
                     **({"initiative_id": initiative_id} if initiative_id is not None else {"slug": slug}))
    query_string = request.query_string.decode()
    return redirect(f"{target}?{query_string}" if query_string else target, code=302)
