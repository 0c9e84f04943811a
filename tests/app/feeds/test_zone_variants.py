"""A feed asked for in another zone (``?tz``) is built from the seminars' zone-free parts, gives
the very bytes a cold build in that zone gives, and is kept whole and gzipped only, so a hundred
zones cost a worker little memory."""
from __future__ import annotations

import gzip

from app import calendar_entries as entries
from app.feeds.cache import FeedCache
from calendars import ical

URL = "/calendars/p/award-2023/programme.ics"
KEY = ("programme", "award-2023")


def fresh_cache(app) -> FeedCache:
    app.extensions["feed_cache"] = cache = FeedCache()
    return cache


def test_a_variant_gives_the_bytes_of_a_cold_build_in_its_zone(client, demo, app):
    for zone in ("America/Bogota", "Asia/Kolkata", "Asia/Shanghai"):
        fresh_cache(app)
        cold = client.get(f"{URL}?tz={zone}").get_data()
        fresh_cache(app)
        client.get(URL)  # the programme's own zone first: its seminars are written then
        assert client.get(f"{URL}?tz={zone}").get_data() == cold


def test_a_variant_reuses_the_written_seminars_and_keeps_no_vevent_of_its_zone(client, demo, app):
    cache = fresh_cache(app)
    client.get(URL)
    written, events = dict(cache.written), dict(cache.events)
    assert len(written) == len(events) == 4  # the four seminars, in the programme's zone
    assert {key[-1] for key in events} == {"Asia/Shanghai"}
    client.get(f"{URL}?tz=America/Bogota")
    client.get(f"{URL}?tz=Europe/Paris&lang=en")
    # nothing written again, no VEVENT kept for the other zones
    assert (cache.written, cache.events) == (written, events)
    assert all(cache.written[key] is written[key] for key in written)


def test_a_variant_is_kept_gzipped_only_and_served_in_either_encoding(client, demo, app):
    cache = fresh_cache(app)
    plain = client.get(f"{URL}?tz=America/Bogota")
    kept = cache.feeds[(*KEY, "America/Bogota", "en")]
    assert (kept.plain, kept.size) == (None, len(kept.gzipped))
    assert (kept.length, gzip.decompress(kept.gzipped)) == (len(plain.get_data()), plain.get_data())
    again = client.get(f"{URL}?tz=America/Bogota")
    packed = client.get(f"{URL}?tz=America/Bogota", headers={"Accept-Encoding": "gzip"})
    assert (again.get_data(), again.headers["ETag"]) == (plain.get_data(), plain.headers["ETag"])
    assert (packed.headers["Content-Encoding"], packed.get_data()) == ("gzip", kept.gzipped)
    assert client.get(f"{URL}?tz=America/Bogota",
                      headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304
    # the feed in its own zone keeps its plain bytes (calendar servers poll it)
    client.get(URL)
    own = cache.feeds[(*KEY, "Asia/Shanghai", "en")]
    assert own.plain is not None and own.gzipped is None


def test_an_edit_after_a_variant_rewrites_only_the_edited_seminar(client, demo, app):
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import Seminar

    cache = fresh_cache(app)
    client.get(f"{URL}?tz=America/Bogota")
    before = dict(cache.written)
    seminar = db.session.scalar(sa.select(Seminar).filter_by(number=2))
    seminar.title = "Seminar two; renamed, with a comma"
    db.session.commit()
    body = client.get(f"{URL}?tz=America/Bogota").get_data().decode()
    assert "SUMMARY:Seminar 2: Seminar two\\; renamed\\, with a comma" in body.replace("\r\n ", "")
    added = [key for key in cache.written if key not in before]
    assert [key[1] for key in added] == [seminar.id]


def test_escaping_the_parts_of_a_description_apart_equals_escaping_it_whole():
    import datetime as dt

    utc = dt.timezone.utc
    text = entries.SeminarText(
        number=3, title="A; title, with \\ marks", theme="Theme; with, marks\\", series="Series, one",
        provider="Zoom", starts_at=dt.datetime(2023, 11, 6, 12, 30, tzinfo=utc),
        ends_at=dt.datetime(2023, 11, 6, 14, tzinfo=utc), zone="Asia/Shanghai", cancelled=True,
        presenters=(entries.Presenter("kazan", "Kazan", "Russia", "Parks; squares, streets"),),
        url="https://example.org/s;3")
    from flask import Flask
    from flask_babel import Babel

    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        description = entries.describe(text)
        before, after = description.escaped()
        for zone in ("America/Bogota", "Asia/Shanghai"):
            whole = description.in_zone(zone)
            assert whole == entries.seminar_description(text, zone)
            assert before + ical.escape_text(description.when(zone)) + after == ical.escape_text(whole)
