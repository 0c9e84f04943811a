"""Reading and editing the programme file through the console: export, edit, preview, apply."""
from __future__ import annotations

import html
import re

import sqlalchemy as sa
import yaml

from app.extensions import db
from app.models import AuditEntry
from app.models.versioning import current_version
from tests.app.helpers.forms import form_token
from tests.app.helpers.organise import CONSOLE, PROGRAMME
from tests.app.helpers.reminders import seminar

SERIES = "international-seminar-2023"


def export(client) -> str:
    return client.get(f"{CONSOLE}/programme.yaml").get_data(as_text=True)


def edit(text: str, change) -> str:
    """The file after ``change(data)`` edited its entries, as an organiser's editor would."""
    data = yaml.safe_load(text)
    change(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def series_index(text: str) -> int:
    """Where the seminar series sits among the file's events (problems name entries by index)."""
    return [event["slug"] for event in yaml.safe_load(text)["events"]].index(SERIES)


def seminar_in(data: dict, slug: str) -> dict:
    return next(s for e in data["events"] for s in e["seminars"] if s["slug"] == slug)


def apply_text(client, text: str, programme: str = PROGRAMME):
    """Post ``text`` to the apply form of ``programme`` directly, as if previewed against it as it is."""
    url = f"/organise/p/{programme}/import"
    return client.post(f"{url}/apply", data={"text": text, "version": current_version(db.session).token, "notify": "y",
                                             "csrf_token": form_token(client, url)})


def items(page: str, css_class: str) -> list[str]:
    """The entries of the page's ``<ul class="css_class">`` as text."""
    block = re.search(rf'<ul class="{css_class}">(.*?)</ul>', page, re.S)
    found = re.findall(r"<li>(.*?)</li>", block.group(1), re.S) if block else []
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in found]


def listed(page: str) -> dict[str, list[str]]:
    """The preview's Added, Changed and Removed lists."""
    return {action: items(page, f"import-{action}") for action in ("added", "changed", "removed")}


def problems(page: str) -> list[str]:
    return items(page, "problems")


def refused(client, text: str, send=None) -> list[str]:
    """The problems listed when ``text`` is refused (400, applying by default); nothing was written."""
    before = snapshot()
    response = (send or apply_text)(client, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This file cannot be imported; nothing was written." in page
    assert snapshot() == before
    return problems(page)


def lead(page: str) -> str:
    return html.unescape(re.search(r'<p class="lead">(.*?)</p>', page, re.S).group(1))


def snapshot() -> dict[str, list]:
    """Every row of every table: the programme, registrations, outbox, versions and audit log."""
    db.session.rollback()
    return {table.name: db.session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            for table in db.metadata.sorted_tables}


def sequences() -> dict[str, int]:
    return {slug: seminar(slug).sequence for slug in ("seminar-1", "seminar-2", "seminar-3", "seminar-4")}


def audit_entries() -> list[tuple[str, str, str]]:
    return [(e.action, e.kind, e.key) for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]


