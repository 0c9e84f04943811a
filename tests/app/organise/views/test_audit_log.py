"""The audit log page: every programme's changes with the programme named, or one programme's."""
from __future__ import annotations

import datetime as dt
import re

from tests.app.helpers.forms import post_form
from tests.app.helpers.organise import PASSWORD, seminar_form

#: (programme, who, action, kind, key) of each row of the log's table.
ROW = re.compile(r'<td class="programme">([^<]*)</td>\s*<td>([^<]*)</td>\s*'
                 r'<td><strong>(\w+)</strong> (\w+) <code>([^<]+)</code>')


def rows(html: str) -> list[tuple[str, ...]]:
    return ROW.findall(html)


def test_audit_log_names_the_programme_of_each_change_and_filters_by_programme(
        admin_client, make_programme, make_event, make_seminar):
    client = admin_client
    seminar = make_seminar()  # of the 2023 cycle
    board = make_programme(slug="board-meeting-2012", title="Metropolis Board of Directors Meeting, Guangzhou 2012",
                           first_day=dt.date(2012, 11, 14), last_day=dt.date(2012, 11, 17), serves_old_urls=False)
    meeting = make_event(slug="metropolis-board-2012", kind="meeting", title="Board meeting", programme=board,
                         first_day=dt.date(2012, 11, 14), last_day=dt.date(2012, 11, 17))
    assert post_form(client, "/organise/p/award-2023/seminars/seminar-x",
                     {**seminar_form(seminar), "title": "Renamed"}).status_code == 303
    assert post_form(client, "/organise/p/board-meeting-2012/events/metropolis-board-2012", {
        "slug": meeting.slug, "kind": "meeting", "title": "Board meeting and award ceremony", "description": "",
        "location": "Guangzhou, China", "timezone": "Asia/Shanghai", "shape": "days", "first_day": "2012-11-14",
        "last_day": "2012-11-17"}).status_code == 303
    assert post_form(client, "/organise/accounts", {"email": "new@example.org", "role": "editor",
                                                     "password": PASSWORD}).status_code == 303

    every = client.get("/organise/audit").get_data(as_text=True)
    board_only = client.get("/organise/audit?programme=board-meeting-2012").get_data(as_text=True)

    assert rows(every) == [
        ("", "admin@example.org", "added", "organiser", "new@example.org"),
        ("board-meeting-2012", "admin@example.org", "changed", "event", "metropolis-board-2012"),
        ("award-2023", "admin@example.org", "changed", "seminar", "seminar-x")]
    assert '<th>When (China Time)</th><th>Programme</th><th>Who</th>' in every  # the organisers' zone
    assert rows(board_only) == [("board-meeting-2012", "admin@example.org", "changed", "event",
                                 "metropolis-board-2012")]
    assert ('<a href="/organise/audit?programme=board-meeting-2012" aria-current="true">board-meeting-2012</a>'
            in board_only)
    assert rows(client.get("/organise/audit?programme=award-2025").get_data(as_text=True)) == []


def test_audit_entries_read_in_the_organisers_zone_with_the_forms_labels(admin_client, make_seminar, clock):
    seminar = make_seminar()
    changed_at = clock()
    assert post_form(admin_client, "/organise/p/award-2023/seminars/seminar-x",
                     {**seminar_form(seminar), "title": "Renamed", "capacity": "40"}).status_code == 303
    page = admin_client.get("/organise/audit?tz=America/Bogota").get_data(as_text=True)
    assert '<th>When (Colombia Time)</th>' in page
    assert (f'<td class="nowrap"><time datetime="{changed_at.isoformat()}">'
            f'{changed_at.astimezone(dt.timezone(dt.timedelta(hours=-5))):%a, %-d %b %Y, %H:%M}</time></td>') in page
    assert re.findall(r"<li>([^<:]+): ", page) == ["Title", "Seats"]
