"""Drive the organiser console as a browser would: accounts, sign-in, forms with their CSRF token."""
from __future__ import annotations

import html
import io
import re

import sqlalchemy as sa

from app.auth.service import create_organiser
from app.extensions import db
from app.models import Programme
from tests.app.helpers.forms import form_token

PASSWORD = "correct horse battery staple"
#: The programme the factories make unless told otherwise (the demo's 2023 cycle), and its console.
PROGRAMME = "award-2023"
CONSOLE = f"/organise/p/{PROGRAMME}"


def make_organiser(email: str = "editor@example.org", role: str = "editor", password: str = PASSWORD,
                   programmes: tuple[str, ...] = (PROGRAMME,)):
    """An account; an editor is granted those of ``programmes`` (slugs) that exist by now."""
    organiser = create_organiser(email, password, role)
    if role == "editor":
        for programme in db.session.scalars(sa.select(Programme).where(Programme.slug.in_(programmes))):
            programme.editors.append(organiser)
    db.session.commit()
    return organiser


def sign_in(client, email: str = "editor@example.org", password: str = PASSWORD):
    token = form_token(client, "/organise/sign-in")
    return client.post("/organise/sign-in", data={"email": email, "password": password, "csrf_token": token})


def signed_in(client, role: str = "editor", email: str | None = None, programmes: tuple[str, ...] = (PROGRAMME,)):
    """A client signed in as a new account of ``role`` (an editor of ``programmes``); returns the account."""
    organiser = make_organiser(email or f"{role}@example.org", role, programmes=programmes)
    response = sign_in(client, organiser.email)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return organiser


def seminar_form(seminar) -> dict:
    """The seminar form as the edit page fills it in (change a few keys, then post it)."""
    start, end = seminar.local_start, seminar.local_end
    data = {"event": str(seminar.event_id), "number": str(seminar.number), "slug": seminar.slug,
            "title": seminar.title, "theme": seminar.theme, "timezone": seminar.timezone,
            "date": start.date().isoformat(), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}",
            "end_date": end.date().isoformat() if end.date() != start.date() else "",
            "meeting_provider": seminar.meeting_provider, "join_url": seminar.join_url,
            "meeting_id": seminar.meeting_id, "passcode": seminar.passcode,
            "capacity": "" if seminar.capacity is None else str(seminar.capacity),
            "reminders": [str(m) for m in seminar.reminder_offsets], "status": seminar.status,
            "notify": "y", "note": ""}
    return data


def field_errors(html: str) -> list[str]:
    return re.findall(r'<p class="error" role="alert">([^<]+)</p>', html)


def preview(client, text: str | bytes, programme: str = PROGRAMME):
    """Upload a file to the import form of ``programme``; the answer is its preview (or its problems)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    url = f"/organise/p/{programme}/import"
    return client.post(url, data={"csrf_token": form_token(client, url), "file": (io.BytesIO(raw), "programme.yaml")})


def apply_fields(page: str, notify: bool = True) -> dict:
    """The preview's apply form as a browser submits it (hidden fields, the notify box)."""
    fields = {name: html.unescape(value)
              for name, value in re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', page)}
    return {**fields, "notify": "y"} if notify else fields
