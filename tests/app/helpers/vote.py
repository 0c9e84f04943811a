"""Drive the vote as a browser would: post the ballot with its CSRF token, read the emailed link."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import Ballot, Event, OutboxMessage, Vote
from tests.app.helpers.forms import form_token

UTC = dt.timezone.utc
SLUG = "city-of-your-choice-2023"
#: The ballot, in the 2023 programme (the factories' default, and the demo's).
PAGE = f"/p/award-2023/vote/{SLUG}"
#: 1 Nov 2023 00:00 and 1 Dec 2023 00:00 in Asia/Shanghai (UTC+8).
OPENS = dt.datetime(2023, 10, 31, 16, 0, tzinfo=UTC)
CLOSES = dt.datetime(2023, 11, 30, 16, 0, tzinfo=UTC)
#: The award ceremony starts Thu 7 Dec 2023 10:00 UTC+8.
CEREMONY = dt.datetime(2023, 12, 7, 2, 0, tzinfo=UTC)
DURING = dt.datetime(2023, 11, 10, 12, 0, tzinfo=UTC)


def cast(client, email: str = "ana@example.org", city: str = "kazan", tz: str = "America/Bogota", **kwargs):
    token = form_token(client, f"{PAGE}?tz={tz}")
    return client.post(PAGE, data={"email": email, "city": city, "csrf_token": token}, **kwargs)


def last_link() -> str:
    """The confirmation path in the newest queued email."""
    body = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().text_body
    return re.search(r"http://127\.0\.0\.1:5000(/vote/confirm/\S+)", body).group(1)


def confirm(client, path: str, **kwargs):
    token = form_token(client, path)
    return client.post(path, data={"csrf_token": token}, **kwargs)


def vote_and_confirm(client, email: str = "ana@example.org", city: str = "kazan"):
    response = cast(client, email, city)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    return confirm(client, last_link())


def votes() -> dict[str, str]:
    """Address -> city slug of every vote that counts."""
    return {v.email: v.city.slug for v in db.session.scalars(sa.select(Vote))}


def counts() -> tuple[int, int, int]:
    """(ballots, votes, queued emails)."""
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                 for model in (Ballot, Vote, OutboxMessage))


def vote_event() -> Event:
    return db.session.scalar(sa.select(Event).where(Event.slug == SLUG))


def main_text(html: str) -> str:
    """The words of the page's <main>, tags removed and spaces collapsed."""
    main = html[html.index("<main"):html.index("</main>")]
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))
    return words.replace(" ,", ",").replace(" .", ".").replace(" :", ":").strip()
