"""The console's front page: every event with its seminars' registrant counts, the cities, recent changes."""
from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from app import audit
from app.extensions import db
from app.models import City, Event
from app.organise import registrants
from app.form_fields import ActionForm


def dashboard():
    events = sorted(db.session.scalars(sa.select(Event)), key=lambda e: (e.first_date, e.id))
    counts = registrants.counts_of([s.id for e in events for s in e.seminars])
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    return render_template("organise/dashboard.html", events=events, counts=counts, cities=cities,
                           entries=audit.recent(8), action=ActionForm())
