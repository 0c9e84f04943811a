"""The feeds' per-process caches: whole feeds by the programme's version token (and their zone and
language), serialized VEVENTs by what they show; and a built feed's validators (ETag, Last-Modified)."""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale

from app import languages
from app.extensions import db
from app.models import Programme
from app.models.versioning import Version, current_version


#: Feeds smaller than this are sent as they are: gzip's header would outweigh the saving.
GZIP_MIN_BYTES = 1024
#: zlib's level 3: a 2.3 MB feed in 8 ms to 150 KB, where level 6 takes 20 ms for 127 KB (every
#: ``?tz`` variant is compressed as it is built).
GZIP_LEVEL = 3


@dataclass
class BuiltFeed:
    #: The programme version token the feed was built from.
    version: str
    #: The feed's bytes; None once ``pack`` kept only their gzip encoding.
    plain: bytes | None
    etag: str
    last_modified: dt.datetime
    filename: str
    #: The body gzipped, made on the first request that accepts it and kept with the feed.
    gzipped: bytes | None = field(default=None, repr=False)
    #: Where the cache keeps it (None: not kept, e.g. built for one request).
    cache_key: tuple | None = field(default=None, repr=False)
    #: The length of the body (known without it once packed).
    length: int = 0

    def __post_init__(self):
        self.length = len(self.plain or b"") or self.length

    @property
    def body(self) -> bytes:
        """The feed's bytes (unpacked for this request when only the gzip encoding is kept)."""
        return self.plain if self.plain is not None else gzip.decompress(self.gzipped)

    def compressed(self) -> bytes:
        """The gzip encoding of ``body``, compressed once per built feed (mtime 0: the same bytes
        every time, so its ETag holds across workers)."""
        if self.gzipped is None:
            self.gzipped = gzip.compress(self.plain, compresslevel=GZIP_LEVEL, mtime=0)
        return self.gzipped

    def pack(self) -> None:
        """Keep only the gzip encoding (about a twentieth of the bytes): for feeds asked for in a
        zone of their reader's choosing (``?tz``), which are many and each asked for rarely."""
        if self.length >= GZIP_MIN_BYTES:
            self.compressed()
            self.plain = None

    @property
    def size(self) -> int:
        """Bytes the cache holds for this feed."""
        return len(self.plain or b"") + len(self.gzipped or b"")


@dataclass(frozen=True)
class ProgrammeRef:
    """What a feed needs of its programme. Kept per programme version, so a feed answered from the
    cache costs no query for its programme (a programme's edit changes the version)."""

    id: int
    slug: str
    title: str
    timezone: str
    serves_old_urls: bool
    #: The programme's ``translations`` (its title in other languages: a feed's name).
    translations: dict = field(default_factory=dict, compare=False)


#: A feed's programme: the row, or the ref a request reads from the cache.
AnyProgramme = Programme | ProgrammeRef

#: A slug that names no public programme, remembered as such until the version changes.
_MISSING = ProgrammeRef(0, "", "", "", False)


class FeedCache:
    """Per-process LRU caches; each worker builds a feed once per programme version.

    Threaded workers share it, so every access takes the lock.
    """

    def __init__(self, max_feeds: int = 512, max_events: int = 50_000, version_ttl: float = 0.0,
                 max_bytes: int = 64 * 1024 * 1024):
        self.feeds: OrderedDict[tuple, BuiltFeed] = OrderedDict()
        #: Whole feeds are kept within this many bytes (identity and gzip bodies counted), least
        #: recently used first out; a feed larger than the bound is served but not kept.
        self.max_bytes = max_bytes
        #: A seminar's VEVENT finished in a feed's own zone, by its data, language and zone.
        self.events: OrderedDict[tuple, bytes] = OrderedDict()
        #: A seminar's VEVENT for any zone (``service.Written``), by its data and language.
        self.written: OrderedDict[tuple, object] = OrderedDict()
        self.programmes: OrderedDict[tuple, ProgrammeRef] = OrderedDict()
        self.max_feeds, self.max_events = max_feeds, max_events
        #: Seconds a version read from the database is trusted before it is read again.
        self.version_ttl = version_ttl
        self._version: tuple[Version, float] | None = None
        self._lock = threading.Lock()

    def version(self) -> Version:
        """The programme's version, read at most once per ``version_ttl`` seconds."""
        now = time.monotonic()
        if self._version is None or now - self._version[1] >= self.version_ttl:
            self._version = (current_version(db.session), now)
        return self._version[0]

    def get(self, store: OrderedDict, key):
        with self._lock:
            value = store.get(key)
            if value is not None:
                store.move_to_end(key)
            return value

    def put(self, store: OrderedDict, key, value, limit: int) -> None:
        with self._lock:
            store[key] = value
            store.move_to_end(key)
            while len(store) > limit:
                store.popitem(last=False)

    def feed_bytes(self) -> int:
        with self._lock:
            return sum(feed.size for feed in self.feeds.values())

    def keep_feed(self, key, feed: BuiltFeed) -> None:
        """Keep ``feed`` under ``key`` within ``max_feeds`` and ``max_bytes``."""
        with self._lock:
            self.feeds.pop(key, None)
            if feed.size > self.max_bytes:
                return
            self.feeds[key] = feed
            total = sum(f.size for f in self.feeds.values())
            while len(self.feeds) > self.max_feeds or total > self.max_bytes:
                _key, dropped = self.feeds.popitem(last=False)
                total -= dropped.size

    def compressed(self, feed: BuiltFeed) -> bytes:
        """``feed``'s gzip body; a kept feed is counted again with it, so the bound holds."""
        if feed.gzipped is None:
            body = feed.compressed()
            if feed.cache_key is not None and self.get(self.feeds, feed.cache_key) is feed:
                self.keep_feed(feed.cache_key, feed)
            return body
        return feed.gzipped


def init_app(app) -> None:
    app.extensions["feed_cache"] = FeedCache(version_ttl=app.config["FEED_VERSION_TTL"],
                                             max_bytes=app.config["FEED_CACHE_BYTES"])


def feed_cache() -> FeedCache:
    return current_app.extensions["feed_cache"]


def programme_ref(key: str, load) -> ProgrammeRef | None:
    """The programme ``load()`` finds (a Programme or None), read once per programme version;
    ``key`` names the look-up (a slug, or "" for the programme the old URLs serve)."""
    cache = feed_cache()
    version = cache.version().token
    ref = cache.get(cache.programmes, (version, key))
    if ref is None:
        row = load()
        ref = _MISSING if row is None else ProgrammeRef(row.id, row.slug, row.title, row.timezone,
                                                        row.serves_old_urls, row.translations or {})
        cache.put(cache.programmes, (version, key), ref, 256)
    return None if ref is _MISSING else ref


def speaking(language: str):
    """Write a feed inside this: its words, dates and zone names in ``language`` (a code), whatever
    a request's cookie or Accept-Language say (a calendar server gets the same bytes for a URL)."""
    return force_locale(languages.get(language).cldr)


def cached(kind: str, key: str, zone: str, language: str, build, *, packed: bool = False) -> BuiltFeed:
    """The feed ``(kind, key, zone, language)`` from the cache while the programme's version is
    unchanged, else ``build(version)`` written in ``language``, kept for the next request (only
    gzipped when ``packed``). Each language has its own bytes (and so its own ETag)."""
    cache = feed_cache()
    version = cache.version()
    hit = cache.get(cache.feeds, (kind, key, zone, language))
    if hit is not None and hit.version == version.token:
        return hit
    with speaking(language):
        built = build(version)
    built.cache_key = (kind, key, zone, language)
    if packed:
        built.pack()
    cache.keep_feed(built.cache_key, built)
    return built


def built(version: Version, body: bytes, filename: str, last_modified: dt.datetime | None = None) -> BuiltFeed:
    """A strong ETag from the bytes; Last-Modified when the programme (or what ``last_modified``
    stands for) last changed, so a deletion moves it forward too."""
    changed = max(version.changed_at, last_modified or version.changed_at)
    if changed.microsecond:  # HTTP dates have whole seconds: round up, never before the change
        changed = changed.replace(microsecond=0) + dt.timedelta(seconds=1)
    return BuiltFeed(version.token, body, hashlib.sha256(body).hexdigest()[:32], changed, filename)
