"""Feeds go out gzipped to clients that accept it, compressed once per built feed, each encoding
with its own strong ETag; the feed cache keeps whole feeds within a bound in bytes."""
from __future__ import annotations

import gzip

from app.feeds.cache import FeedCache

URL = "/calendars/p/award-2023/programme.ics"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_a_client_that_accepts_gzip_gets_the_same_bytes_compressed(client, demo, app):
    plain = client.get(URL)
    packed = client.get(URL, headers=GZIP)
    assert (plain.headers.get("Content-Encoding"), packed.headers["Content-Encoding"]) == (None, "gzip")
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) * 2 < len(plain.get_data())
    assert plain.headers["Vary"] == packed.headers["Vary"] == "Accept-Encoding"
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + '-gz"'
    assert packed.headers["Content-Length"] == str(len(packed.get_data()))
    # compressed once: the next request sends the very bytes kept with the feed
    built = app.extensions["feed_cache"].feeds[("programme", "award-2023", "Asia/Shanghai", "en")]
    assert client.get(URL, headers=GZIP).get_data() == built.gzipped == packed.get_data()


def test_each_encoding_answers_its_own_etag_with_a_304(client, demo):
    plain, packed = client.get(URL), client.get(URL, headers=GZIP)
    again = client.get(URL, headers=GZIP | {"If-None-Match": packed.headers["ETag"]})
    assert (again.status_code, again.get_data(), again.headers["Vary"]) == (304, b"", "Accept-Encoding")
    assert client.get(URL, headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304
    # the identity ETag does not validate the gzip body, nor the other way round
    assert client.get(URL, headers=GZIP | {"If-None-Match": plain.headers["ETag"]}).status_code == 200
    assert client.get(URL, headers={"If-None-Match": packed.headers["ETag"]}).status_code == 200


def test_gzip_refused_or_not_offered_gets_the_plain_feed(client, demo):
    for headers in ({"Accept-Encoding": "gzip;q=0, br"}, {"Accept-Encoding": "identity"}, {}):
        response = client.get(URL, headers=headers)
        assert response.headers.get("Content-Encoding") is None
        assert response.get_data().startswith(b"BEGIN:VCALENDAR\r\n")


def test_the_cache_keeps_whole_feeds_within_its_bound_in_bytes(client, demo, app):
    sizes = {}
    for lang in ("en", "es"):
        client.get(f"{URL}?lang={lang}", headers=GZIP)
        feed = app.extensions["feed_cache"].feeds[("programme", "award-2023", "Asia/Shanghai", lang)]
        sizes[lang] = feed.size
    assert all(size > len(b"BEGIN:VCALENDAR") for size in sizes.values())
    # room for one of them: the second pushes the first out, least recently used first
    app.extensions["feed_cache"] = cache = FeedCache(max_bytes=max(sizes.values()) + 10)
    client.get(f"{URL}?lang=en", headers=GZIP)
    client.get(f"{URL}?lang=es", headers=GZIP)
    assert list(cache.feeds) == [("programme", "award-2023", "Asia/Shanghai", "es")]
    assert cache.feed_bytes() == sizes["es"] <= cache.max_bytes
    # a feed larger than the whole bound is served, never kept
    app.extensions["feed_cache"] = cache = FeedCache(max_bytes=1000)
    response = client.get(f"{URL}?lang=fr")
    assert (response.status_code, list(cache.feeds), cache.feed_bytes()) == (200, [], 0)
    assert response.get_data().startswith(b"BEGIN:VCALENDAR\r\n")


def test_the_bound_counts_the_gzip_body_added_later(client, demo, app):
    plain_only = FeedCache()
    app.extensions["feed_cache"] = plain_only
    client.get(URL)
    [feed] = plain_only.feeds.values()
    assert (feed.gzipped, plain_only.feed_bytes()) == (None, len(feed.body))
    client.get(URL, headers=GZIP)
    assert plain_only.feed_bytes() == len(feed.body) + len(feed.gzipped)
    # with no room for both encodings, the feed is dropped once its gzip body is made
    app.extensions["feed_cache"] = tight = FeedCache(max_bytes=len(feed.body) + 10)
    client.get(URL)
    assert len(tight.feeds) == 1
    packed = client.get(URL, headers=GZIP)
    assert (packed.headers["Content-Encoding"], len(tight.feeds)) == ("gzip", 0)
