"""Drive the tour application pages as a browser would, with the 2015 tours loaded."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import Registrant, TourApplication
from tests.app.helpers.forms import form_token

UTC = dt.timezone.utc
TOUR = "/p/study-tours-2015/tours/study-tour-europe-2015"
FORM = {"name": "Ana María", "email": "Ana@Example.org", "organisation": "Universidad de los Andes",
        "note": "I study urban parks.", "timezone": "America/Bogota", "consent": "y"}
KAZAN = ("1. Kazan, Russia (host: City of Kazan)\n"
         "   Mon, 20 Apr 2015 09:00 – Wed, 22 Apr 2015 17:00 Moscow Time (UTC+3)\n"
         "   = Mon, 20 Apr 2015 01:00 – Wed, 22 Apr 2015 09:00 Colombia Time (UTC-5)\n"
         "   Kazan city centre, Kazan, Republic of Tatarstan, Russia\n")


def submit(client, **changes):
    """Post the form; its CSRF token comes from the sign-in page, which has one when the tour's
    form is not shown (a closed tour)."""
    data = {**FORM, **changes, "csrf_token": form_token(client, "/organise/sign-in")}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"{TOUR}/apply", data=data)


def confirmation_path(messages) -> str:
    """The confirmation link of the one message among ``messages`` that carries one."""
    [path] = [re.search(r"http://127\.0\.0\.1:5000(/tours/confirm/\S+)", text).group(1) for text in
              (m.get_body(preferencelist=("plain",)).get_content() for m in messages) if "/tours/confirm/" in text]
    return path


def statuses() -> dict[str, str]:
    rows = db.session.execute(sa.select(Registrant.email, TourApplication.status).join(TourApplication.registrant))
    return dict(rows.all())


def application(email: str = "ana@example.org") -> TourApplication:
    return db.session.scalar(sa.select(TourApplication).join(TourApplication.registrant)
                             .where(Registrant.email == email))
