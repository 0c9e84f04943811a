"""Settings, read from environment variables with safe defaults.

Keys are Flask's and Flask-Mail's own names so operators recognise them.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from calendars import zones

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _flag(environ, name: str, default: bool = False) -> bool:
    value = environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Config:
    """Development and default settings; every value can come from the environment."""

    TESTING = False
    PRODUCTION = False

    def __init__(self, environ=None):
        env = os.environ if environ is None else environ
        self.SECRET_KEY = env.get("SECRET_KEY") or None
        self.SQLALCHEMY_DATABASE_URI = env.get("DATABASE_URL") or (
            f"sqlite:///{INSTANCE_DIR / 'seminars.sqlite3'}"
        )
        #: Zone in which organisers think of the programme (shown beside visitors' times).
        self.ORGANISER_TIMEZONE = env.get("ORGANISER_TIMEZONE") or "Asia/Shanghai"
        #: Absolute address of the site, used in feeds and emails (no trailing slash).
        self.BASE_URL = (env.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
        self.MAIL_SERVER = env.get("MAIL_SERVER") or "127.0.0.1"
        self.MAIL_PORT = int(env.get("MAIL_PORT") or 8025)
        self.MAIL_USE_TLS = _flag(env, "MAIL_USE_TLS")
        self.MAIL_USE_SSL = _flag(env, "MAIL_USE_SSL")
        self.MAIL_USERNAME = env.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD") or None
        self.MAIL_DEFAULT_SENDER = env.get("MAIL_DEFAULT_SENDER") or "Guangzhou Award seminars <seminars@localhost>"
        #: Allow a SQLite database in production (single small deployments only).
        self.ALLOW_SQLITE = _flag(env, "ALLOW_SQLITE")
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SECURE = _flag(env, "SESSION_COOKIE_SECURE", default=self.PRODUCTION)
        self.MAX_CONTENT_LENGTH = int(env.get("MAX_CONTENT_LENGTH") or 64 * 1024)
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        #: Seconds a web worker trusts the programme's version before reading it again: a change
        #: reaches feeds within this delay, and meanwhile an unchanged programme feed is served
        #: without a database query (city and seminar feeds still look up their slug).
        self.FEED_VERSION_TTL = float(env.get("FEED_VERSION_TTL") or 1.0)
        #: Reverse proxies in front of the app (nginx: 1); their X-Forwarded-For names the client.
        self.PROXIES = int(env.get("PROXIES") or 0)
        #: Flask-Limiter storage: memory:// for one process, a redis:// URL for several.
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI") or "memory://"
        #: Messages the delivery job sends per run (one SMTP connection each).
        self.OUTBOX_BATCH = int(env.get("OUTBOX_BATCH") or 200)
        #: Seconds a delivery process holds the messages it claimed before another may take them;
        #: the claim is renewed while it sends, so a crashed process's messages wait at most this.
        self.OUTBOX_CLAIM_SECONDS = int(env.get("OUTBOX_CLAIM_SECONDS") or 30)
        #: Where the development mail catcher stores what it receives (shown at /dev/mail).
        self.DEV_MAIL_DIR = env.get("DEV_MAIL_DIR") or str(INSTANCE_DIR / "mail")
        #: How long a confirmation link works.
        self.REGISTRATION_LINK_MAX_AGE = dt.timedelta(hours=int(env.get("REGISTRATION_LINK_MAX_AGE_HOURS") or 72))
        #: Requests per client address on the registration form (Flask-Limiter syntax).
        self.REGISTRATION_RATE_LIMIT = env.get("REGISTRATION_RATE_LIMIT") or "10 per minute; 40 per hour"
        #: Submissions per email address, whoever sends them.
        self.REGISTRATION_ADDRESS_LIMIT = env.get("REGISTRATION_ADDRESS_LIMIT") or "5 per hour"
        #: How long a vote's confirmation link works (and never after voting closes).
        self.VOTE_LINK_MAX_AGE = dt.timedelta(hours=int(env.get("VOTE_LINK_MAX_AGE_HOURS") or 72))
        #: Vote requests per client address (generous: a city hall's staff may share one address;
        #: the per-address limit and the emailed link do the real work), and per email address.
        self.VOTE_RATE_LIMIT = env.get("VOTE_RATE_LIMIT") or "10 per minute; 200 per hour"
        self.VOTE_ADDRESS_LIMIT = env.get("VOTE_ADDRESS_LIMIT") or "5 per hour"
        #: Largest programme file the console imports (the import views alone accept this much).
        self.IMPORT_MAX_BYTES = int(env.get("IMPORT_MAX_BYTES") or 512 * 1024)
        #: The programme's name, written at the top of an exported programme file.
        self.PROGRAMME_TITLE = env.get("PROGRAMME_TITLE") or "6th Guangzhou International Award for Urban Innovation"
        #: Sign-in attempts per client address, and per account address whoever tries it.
        self.SIGN_IN_RATE_LIMIT = env.get("SIGN_IN_RATE_LIMIT") or "10 per minute; 50 per hour"
        self.SIGN_IN_ADDRESS_LIMIT = env.get("SIGN_IN_ADDRESS_LIMIT") or "10 per hour"
        #: A console session ends after this long without a request (the signed cookie carries its
        #: time, checked by the server; every request renews it).
        self.CONSOLE_IDLE_MINUTES = int(env.get("CONSOLE_IDLE_MINUTES") or 8 * 60)
        self.PERMANENT_SESSION_LIFETIME = dt.timedelta(minutes=self.CONSOLE_IDLE_MINUTES)
        #: Flask-Login's "remember me" is not offered; its cookie would get the same flags.
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        #: Returns the current instant (aware, UTC); tests replace it with a fixed clock.
        self.CLOCK = _utc_now

    def validate(self) -> None:
        """Refuse settings that cannot work, whatever the deployment."""
        if not zones.is_zone(self.ORGANISER_TIMEZONE):
            raise RuntimeError(f"Refusing to start: ORGANISER_TIMEZONE: {zones.UnknownZone(self.ORGANISER_TIMEZONE)}")


class ProductionConfig(Config):
    """Selected with APP_ENV=production: no generated secret, no SQLite unless asked."""

    PRODUCTION = True

    def validate(self) -> None:
        super().validate()
        problems = []
        if not self.SECRET_KEY:
            problems.append("SECRET_KEY is not set; production never generates one")
        if self.SQLALCHEMY_DATABASE_URI.startswith("sqlite") and not self.ALLOW_SQLITE:
            problems.append("DATABASE_URL is SQLite; set a PostgreSQL URL, or ALLOW_SQLITE=1 to insist")
        if problems:
            raise RuntimeError("Refusing to start: " + "; ".join(problems) + ".")


class TestConfig(Config):
    """Settings for the test suite; the fixtures pass the database URL."""

    TESTING = True

    def __init__(self, environ=None, **overrides):
        super().__init__(environ or {})
        self.SECRET_KEY = "test-only-secret-key"
        self.FEED_VERSION_TTL = 0.0
        # Flask-Mail suppresses sending when TESTING; the tests send to a real SMTP server instead.
        self.MAIL_SUPPRESS_SEND = False
        self.SERVER_NAME = None
        self.WTF_CSRF_ENABLED = True
        for key, value in overrides.items():
            setattr(self, key, value)


def config_from_env(environ=None) -> Config:
    """The config class named by APP_ENV (``production`` or anything else for development)."""
    env = os.environ if environ is None else environ
    cls = ProductionConfig if env.get("APP_ENV", "").lower() == "production" else Config
    return cls(env)
