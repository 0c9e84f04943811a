"""Settings, read from environment variables with safe defaults.

Keys are Flask's and Flask-Mail's own names so operators recognise them. A value that cannot be
read is a problem, never a silent default: ``validate`` refuses to start with one line per problem.
"""
from __future__ import annotations

import datetime as dt
import math
import os
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse_many

from calendars import zones

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
#: The values APP_ENV may take (unset means development).
APP_ENVS = ("development", "production")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
#: SECRET_KEY must hold at least this much randomness (32 random bytes written as hex hold 256).
SECRET_KEY_MIN_CHARS, SECRET_KEY_MIN_BITS = 32, 170


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class ConfigError(RuntimeError):
    """Settings the service refuses to start with; the message has one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(f"Refusing to start: {problem}" for problem in problems))


class _Reader:
    """Reads typed settings from the environment, noting each value it cannot use."""

    def __init__(self, environ):
        self.env = environ
        self.problems: list[str] = []

    def raw(self, name: str) -> str | None:
        value = self.env.get(name)
        return None if value is None or value.strip() == "" else value

    def text(self, name: str, default: str | None) -> str | None:
        value = self.raw(name)
        return default if value is None else value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if value.strip().lower() in _TRUE + _FALSE:
            return value.strip().lower() in _TRUE
        self.problems.append(f"{name}={value!r} is not a yes/no value: use 1 or 0 (true/false, yes/no, on/off)")
        return default

    def number(self, name: str, default, minimum, kind=int, maximum=None):
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = kind(value.strip())
        except ValueError:
            self.problems.append(f"{name}={value!r} is not a {'whole ' if kind is int else ''}number")
            return default
        if not math.isfinite(number) or number < minimum:
            self.problems.append(f"{name}={value!r} must be at least {minimum}")
            return default
        if maximum is not None and number > maximum:
            self.problems.append(f"{name}={value!r} must be at most {maximum}")
            return default
        return number

    def limit(self, name: str, default: str) -> str:
        """A Flask-Limiter rate limit such as "10 per minute; 40 per hour"."""
        value = self.text(name, default)
        try:
            items = parse_many(value)
        except ValueError:
            self.problems.append(f"{name}={value!r} is not a rate limit; write it like \"10 per minute; 40 per hour\"")
            return default
        if any(item.amount < 1 for item in items):
            self.problems.append(f"{name}={value!r} allows nothing at all; each limit needs at least 1 request")
            return default
        return value


class Config:
    """Development and default settings; every value can come from the environment."""

    TESTING = False
    PRODUCTION = False

    def __init__(self, environ=None):
        read = _Reader(os.environ if environ is None else environ)
        self._environ, self._problems = read.env, read.problems
        self.SECRET_KEY = read.text("SECRET_KEY", None)
        self.SQLALCHEMY_DATABASE_URI = read.text("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'seminars.sqlite3'}")
        #: Zone in which organisers think of the programme (shown beside visitors' times).
        self.ORGANISER_TIMEZONE = read.text("ORGANISER_TIMEZONE", "Asia/Shanghai")
        #: Absolute address of the site, used in feeds and emails (no trailing slash).
        self.BASE_URL = read.text("BASE_URL", None if self.PRODUCTION else "http://127.0.0.1:5000")
        self.BASE_URL = self.BASE_URL.strip().rstrip("/") if self.BASE_URL else None
        #: Production only: allow a plain-http BASE_URL (an intranet without TLS).
        self.ALLOW_HTTP = read.flag("ALLOW_HTTP")
        self.MAIL_SERVER = read.text("MAIL_SERVER", "127.0.0.1")
        self.MAIL_PORT = read.number("MAIL_PORT", 8025, 1, maximum=65535)
        self.MAIL_USE_TLS = read.flag("MAIL_USE_TLS")
        self.MAIL_USE_SSL = read.flag("MAIL_USE_SSL")
        self.MAIL_USERNAME = read.text("MAIL_USERNAME", None)
        self.MAIL_PASSWORD = read.text("MAIL_PASSWORD", None)
        #: Seconds the delivery job waits for the SMTP server before giving up on a message (retried).
        self.MAIL_TIMEOUT = read.number("MAIL_TIMEOUT", 30, 1)
        self.MAIL_DEFAULT_SENDER = read.text("MAIL_DEFAULT_SENDER", "Guangzhou Award seminars <seminars@localhost>")
        #: Allow a SQLite database in production (single small deployments only).
        self.ALLOW_SQLITE = read.flag("ALLOW_SQLITE")
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_HTTPONLY = True
        #: Secure cookies in production, unless the site is plain http (ALLOW_HTTP): a browser would
        #: drop them there, and with them every form's CSRF token.
        self.SESSION_COOKIE_SECURE = read.flag("SESSION_COOKIE_SECURE", default=self.PRODUCTION and not (
            self.ALLOW_HTTP and (self.BASE_URL or "").startswith("http:")))
        self.MAX_CONTENT_LENGTH = read.number("MAX_CONTENT_LENGTH", 64 * 1024, 1024)
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        #: Seconds a web worker trusts the programme's version before reading it again: a change
        #: reaches feeds within this delay, and meanwhile an unchanged programme feed is served
        #: without a database query (city and seminar feeds still look up their slug).
        self.FEED_VERSION_TTL = read.number("FEED_VERSION_TTL", 1.0, 0, kind=float)
        #: Bytes of whole feeds (plain and gzipped) each web worker keeps, least recently used out.
        self.FEED_CACHE_BYTES = read.number("FEED_CACHE_BYTES", 64 * 1024 * 1024, 0)
        #: Reverse proxies in front of the app (nginx: 1); their X-Forwarded-For names the client.
        self.PROXIES = read.number("PROXIES", 0, 0)
        #: Flask-Limiter storage: memory:// counts in one process only; production needs Redis.
        self.RATELIMIT_STORAGE_URI = read.text("RATELIMIT_STORAGE_URI", "memory://")
        #: Minutes ahead of its due instant a reminder is rendered and put in the outbox, held there
        #: until that instant (0: queued only once due, up to a job interval late).
        self.REMINDER_STAGE_MINUTES = read.number("REMINDER_STAGE_MINUTES", 10, 0, maximum=24 * 60)
        #: Messages a delivery sender claims at a time (a batch, recorded by one recorder thread).
        self.OUTBOX_BATCH = read.number("OUTBOX_BATCH", 200, 1)
        #: SMTP connections per scheduler process: as many sender threads, each keeping its
        #: connection open across batches and claiming batches of its own.
        self.OUTBOX_CONNECTIONS = read.number("OUTBOX_CONNECTIONS", 4, 1, maximum=64)
        #: Messages per destination domain, such as "100/second" (the limits library's notation),
        #: counted in RATELIMIT_STORAGE_URI so the cap holds across processes; empty: no cap.
        self.OUTBOX_DOMAIN_RATE = read.text("OUTBOX_DOMAIN_RATE", "")
        if self.OUTBOX_DOMAIN_RATE:
            self.OUTBOX_DOMAIN_RATE = read.limit("OUTBOX_DOMAIN_RATE", "")
        #: Seconds a delivery process holds the messages it claimed before another may take them;
        #: the claim is renewed while it sends, so a crashed process's messages wait at most this.
        self.OUTBOX_CLAIM_SECONDS = read.number("OUTBOX_CLAIM_SECONDS", 30, 2)
        #: Registrations the fan-out job renders and queues per transaction (a seminar's move,
        #: cancellation, announcement or promotions); its progress is committed with each.
        self.FANOUT_CHUNK = read.number("FANOUT_CHUNK", 500, 1)
        #: Seconds a fan-out job holds the fan-out it expands; renewed with each chunk, so a crashed
        #: job's fan-out is taken up again about this long after the crash.
        self.FANOUT_CLAIM_SECONDS = read.number("FANOUT_CLAIM_SECONDS", 60, 2)
        #: Where the development mail catcher stores what it receives (shown at /dev/mail).
        self.DEV_MAIL_DIR = read.text("DEV_MAIL_DIR", str(INSTANCE_DIR / "mail"))
        #: How long a confirmation link works.
        self.REGISTRATION_LINK_MAX_AGE = dt.timedelta(hours=read.number("REGISTRATION_LINK_MAX_AGE_HOURS", 72, 1))
        #: Requests per client address on the registration form (Flask-Limiter syntax).
        self.REGISTRATION_RATE_LIMIT = read.limit("REGISTRATION_RATE_LIMIT", "10 per minute; 40 per hour")
        #: Submissions per email address, whoever sends them.
        self.REGISTRATION_ADDRESS_LIMIT = read.limit("REGISTRATION_ADDRESS_LIMIT", "5 per hour")
        #: How long a vote's confirmation link works (and never after voting closes).
        self.VOTE_LINK_MAX_AGE = dt.timedelta(hours=read.number("VOTE_LINK_MAX_AGE_HOURS", 72, 1))
        #: Vote requests per client address (generous: a city hall's staff may share one address;
        #: the per-address limit and the emailed link do the real work), and per email address.
        self.VOTE_RATE_LIMIT = read.limit("VOTE_RATE_LIMIT", "10 per minute; 200 per hour")
        self.VOTE_ADDRESS_LIMIT = read.limit("VOTE_ADDRESS_LIMIT", "5 per hour")
        #: Largest programme file the console imports (the import views alone accept this much).
        self.IMPORT_MAX_BYTES = read.number("IMPORT_MAX_BYTES", 512 * 1024, 1024)
        #: The programme's name, written at the top of an exported programme file.
        self.PROGRAMME_TITLE = read.text("PROGRAMME_TITLE", "6th Guangzhou International Award for Urban Innovation")
        #: Sign-in attempts per client address, and per account address whoever tries it.
        self.SIGN_IN_RATE_LIMIT = read.limit("SIGN_IN_RATE_LIMIT", "10 per minute; 50 per hour")
        self.SIGN_IN_ADDRESS_LIMIT = read.limit("SIGN_IN_ADDRESS_LIMIT", "10 per hour")
        #: A console session ends after this long without a request (the signed session holds the
        #: time of the last one; app.auth.service checks and renews it).
        self.CONSOLE_IDLE_MINUTES = read.number("CONSOLE_IDLE_MINUTES", 8 * 60, 1, maximum=30 * 24 * 60)
        #: Flask-Login's "remember me" is not offered; its cookie would get the same flags.
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        #: Returns the current instant (aware, UTC); tests replace it with a fixed clock.
        self.CLOCK = _utc_now

    def problems(self) -> list[str]:
        """What is wrong whatever the deployment."""
        found = list(self._problems)
        if not zones.is_zone(self.ORGANISER_TIMEZONE):
            found.append(f"ORGANISER_TIMEZONE: {zones.UnknownZone(self.ORGANISER_TIMEZONE)}")
        if self.MAIL_PASSWORD and not (self.MAIL_USE_TLS or self.MAIL_USE_SSL):
            found.append("MAIL_PASSWORD is set but neither MAIL_USE_TLS nor MAIL_USE_SSL: the password would "
                         "cross the network in clear text")
        if self.MAIL_USE_TLS and self.MAIL_USE_SSL:
            found.append("MAIL_USE_TLS and MAIL_USE_SSL are both on: use MAIL_USE_SSL for port 465, "
                         "MAIL_USE_TLS (STARTTLS) for port 587")
        return found

    def validate(self) -> None:
        """Refuse settings that cannot work, naming every problem at once."""
        found = self.problems()
        if found:
            raise ConfigError(found)


class ProductionConfig(Config):
    """Selected with APP_ENV=production: fails closed on anything unsafe."""

    PRODUCTION = True

    def problems(self) -> list[str]:
        found = super().problems()
        if not self.SECRET_KEY:
            found.append("SECRET_KEY is not set; production never generates one "
                         "(python -c 'import secrets; print(secrets.token_hex(32))')")
        elif not _random_enough(self.SECRET_KEY):
            found.append(f"SECRET_KEY must be at least {SECRET_KEY_MIN_CHARS} random bytes; this one is too "
                         "short or too regular (python -c 'import secrets; print(secrets.token_hex(32))')")
        if self.SQLALCHEMY_DATABASE_URI.startswith("sqlite") and not self.ALLOW_SQLITE:
            found.append("DATABASE_URL is SQLite; set a PostgreSQL URL, or ALLOW_SQLITE=1 to insist")
        found += _base_url_problems(self.BASE_URL, self.ALLOW_HTTP, self._environ.get("BASE_URL"))
        if (self._environ.get("FLASK_DEBUG") or "").strip().lower() not in ("", *_FALSE):
            found.append("FLASK_DEBUG is on: the debugger runs code for whoever reaches it; unset it")
        if not self.RATELIMIT_STORAGE_URI.startswith(("redis://", "rediss://", "redis+unix://")):
            found.append(f"RATELIMIT_STORAGE_URI={self.RATELIMIT_STORAGE_URI!r}: each worker would count limits "
                         "on its own; set a Redis URL such as redis://127.0.0.1:6379/0")
        return found


def _random_enough(key: str) -> bool:
    """At least SECRET_KEY_MIN_CHARS characters carrying SECRET_KEY_MIN_BITS (estimated from the
    spread of its characters): "a" * 40 or a word repeated fails, secrets.token_hex(32) passes."""
    counts = Counter(key)
    bits_per_char = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    return len(key) >= SECRET_KEY_MIN_CHARS and bits_per_char * len(key) >= SECRET_KEY_MIN_BITS


def _base_url_problems(url: str | None, allow_http: bool, typed: str | None) -> list[str]:
    if not url:
        return ["BASE_URL is not set; emails and feeds need the site's public address, "
                "such as https://seminars.example.org"]
    wrong = [f"BASE_URL={typed!r} is not an absolute address such as https://seminars.example.org"]
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        return wrong
    if (parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment
            or "@" in parts.netloc or any(c.isspace() for c in url)):
        return wrong
    if parts.scheme == "http" and not allow_http:
        return [f"BASE_URL={typed!r} is plain http: use https, or ALLOW_HTTP=1 for an intranet without TLS"]
    return []


class TestConfig(Config):
    """Settings for the test suite; the fixtures pass the database URL."""

    TESTING = True

    def __init__(self, environ=None, **overrides):
        super().__init__(environ or {})
        self.SECRET_KEY = "test-only-secret-key"  # noqa: S105  (TestConfig only; production refuses short keys)
        self.FEED_VERSION_TTL = 0.0
        # Flask-Mail suppresses sending when TESTING; the tests send to a real SMTP server instead.
        self.MAIL_SUPPRESS_SEND = False
        self.SERVER_NAME = None
        self.WTF_CSRF_ENABLED = True
        for key, value in overrides.items():
            setattr(self, key, value)


def config_from_env(environ=None) -> Config:
    """The config class named by APP_ENV: unset or ``development``, or ``production``, exactly."""
    env = os.environ if environ is None else environ
    name = env.get("APP_ENV")
    if name == "production":
        return ProductionConfig(env)
    config = Config(env)
    if name not in (None, "", "development"):
        config._problems.append(f"APP_ENV={name!r} is not one of {', '.join(APP_ENVS)} (exactly; unset means "
                                "development)")
    return config
