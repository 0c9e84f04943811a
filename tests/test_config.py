"""Settings come from the environment; a value that cannot be used stops the start, named."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from flask import Flask

from app.deployment import configure_secret_key
from config import Config, ConfigError, ProductionConfig, config_from_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: A production environment that starts: every later test changes one thing.
GOOD = {"APP_ENV": "production", "SECRET_KEY": "0d9062d4fb69ea1854c3e5a7ac209d4d77e85c9d717d249d7c9661a7e7990fbf",
        "DATABASE_URL": "postgresql+psycopg://db/x", "BASE_URL": "https://seminars.example.org",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}


def refusals(environ: dict) -> list[str]:
    with pytest.raises(ConfigError) as error:
        config_from_env(environ).validate()
    return str(error.value).splitlines()


def test_config_reads_conventional_environment_names():
    config = Config({"DATABASE_URL": "postgresql+psycopg://db/x", "BASE_URL": "https://seminars.example/",
                     "MAIL_SERVER": "smtp.example", "MAIL_PORT": "587", "MAIL_USE_TLS": "true",
                     "MAIL_USERNAME": "u", "MAIL_PASSWORD": "p", "MAIL_DEFAULT_SENDER": "a@example.org",
                     "ORGANISER_TIMEZONE": "Europe/Paris", "SECRET_KEY": "k", "CONSOLE_IDLE_MINUTES": "30",
                     "OUTBOX_CLAIM_SECONDS": "20"})
    assert (config.SQLALCHEMY_DATABASE_URI, config.BASE_URL, config.MAIL_SERVER, config.MAIL_PORT,
            config.MAIL_USE_TLS, config.MAIL_USERNAME, config.MAIL_PASSWORD, config.MAIL_DEFAULT_SENDER,
            config.ORGANISER_TIMEZONE, config.SECRET_KEY, config.CONSOLE_IDLE_MINUTES,
            config.OUTBOX_CLAIM_SECONDS) == (
        "postgresql+psycopg://db/x", "https://seminars.example", "smtp.example", 587, True, "u", "p",
        "a@example.org", "Europe/Paris", "k", 30, 20)
    config.validate()


def test_config_defaults_are_local_and_safe():
    config = Config({})
    assert config.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
    assert config.SQLALCHEMY_DATABASE_URI.endswith("/instance/seminars.sqlite3")
    assert (config.ORGANISER_TIMEZONE, config.BASE_URL, config.MAIL_SERVER, config.MAIL_PORT,
            config.SECRET_KEY, config.FEED_VERSION_TTL, config.RATELIMIT_STORAGE_URI, config.OUTBOX_CLAIM_SECONDS,
            config.CONSOLE_IDLE_MINUTES, config.MAIL_TIMEOUT, config.FEED_CACHE_BYTES) == (
        "Asia/Shanghai", "http://127.0.0.1:5000", "127.0.0.1", 8025, None, 1.0, "memory://", 30, 480, 30,
        64 * 1024 * 1024)
    config.validate()


def test_a_complete_production_environment_starts():
    config = config_from_env(GOOD)
    config.validate()
    assert (type(config), config.SESSION_COOKIE_SECURE, config.BASE_URL) == (
        ProductionConfig, True, "https://seminars.example.org")


@pytest.mark.parametrize(("changes", "refusal"), [
    ({"SECRET_KEY": None}, "SECRET_KEY is not set; production never generates one "
                           "(python -c 'import secrets; print(secrets.token_hex(32))')"),
    *[({"SECRET_KEY": key}, "SECRET_KEY must be at least 32 random bytes; this one is too short or too regular "
                            "(python -c 'import secrets; print(secrets.token_hex(32))')")
      for key in ("a", "dev", "a" * 64, "correct horse battery staple xyzw", "password" * 4,
                  "0123456789abcdef0123456789abcdef", "abcdefghijklmnopqrstuvwxyz012345")],
    ({"DATABASE_URL": None}, "DATABASE_URL is SQLite; set a PostgreSQL URL, or ALLOW_SQLITE=1 to insist"),
    ({"BASE_URL": None}, "BASE_URL is not set; emails and feeds need the site's public address, such as "
                         "https://seminars.example.org"),
    ({"BASE_URL": "not a url"}, "BASE_URL='not a url' is not an absolute address such as "
                                "https://seminars.example.org"),
    ({"BASE_URL": "https://seminars.example.org/?x=1"}, "BASE_URL='https://seminars.example.org/?x=1' is not an "
                                                        "absolute address such as https://seminars.example.org"),
    ({"BASE_URL": "http://seminars.example.org"}, "BASE_URL='http://seminars.example.org' is plain http: use "
                                                  "https, or ALLOW_HTTP=1 for an intranet without TLS"),
    *[({"BASE_URL": url}, f"BASE_URL={url!r} is not an absolute address such as https://seminars.example.org")
      for url in ("https://", "https://[::1", "https://x .org", "https://x.org:99999", "https://user:pw@x.org")],
    ({"MAIL_PORT": "70000"}, "MAIL_PORT='70000' must be at most 65535"),
    ({"CONSOLE_IDLE_MINUTES": "99999999999"}, "CONSOLE_IDLE_MINUTES='99999999999' must be at most 43200"),
    ({"REGISTRATION_RATE_LIMIT": "0 per minute"}, "REGISTRATION_RATE_LIMIT='0 per minute' allows nothing at all; "
                                                  "each limit needs at least 1 request"),
    ({"APP_ENV": "prod"}, "APP_ENV='prod' is not one of development, production (exactly; unset means development)"),
    ({"APP_ENV": "Production "}, "APP_ENV='Production ' is not one of development, production (exactly; unset "
                                 "means development)"),
    ({"FLASK_DEBUG": "1"}, "FLASK_DEBUG is on: the debugger runs code for whoever reaches it; unset it"),
    ({"RATELIMIT_STORAGE_URI": None}, "RATELIMIT_STORAGE_URI='memory://': each worker would count limits on its "
                                      "own; set a Redis URL such as redis://127.0.0.1:6379/0"),
    ({"REGISTRATION_RATE_LIMIT": "lots"}, "REGISTRATION_RATE_LIMIT='lots' is not a rate limit; write it like "
                                          "\"10 per minute; 40 per hour\""),
    ({"VOTE_ADDRESS_LIMIT": "5 per fortnight"}, "VOTE_ADDRESS_LIMIT='5 per fortnight' is not a rate limit; write "
                                                "it like \"10 per minute; 40 per hour\""),
    ({"MAX_CONTENT_LENGTH": "abc"}, "MAX_CONTENT_LENGTH='abc' is not a whole number"),
    ({"MAX_CONTENT_LENGTH": "10"}, "MAX_CONTENT_LENGTH='10' must be at least 1024"),
    ({"FEED_VERSION_TTL": "nan"}, "FEED_VERSION_TTL='nan' must be at least 0"),
    ({"FEED_CACHE_BYTES": "64MB"}, "FEED_CACHE_BYTES='64MB' is not a whole number"),
    ({"MAIL_USE_TLS": "maybe"}, "MAIL_USE_TLS='maybe' is not a yes/no value: use 1 or 0 (true/false, yes/no, "
                                "on/off)"),
    ({"MAIL_USERNAME": "u", "MAIL_PASSWORD": "p"}, "MAIL_PASSWORD is set but neither MAIL_USE_TLS nor "
                                                   "MAIL_USE_SSL: the password would cross the network in clear "
                                                   "text"),
])
def test_production_refuses_each_unsafe_setting_by_name(changes, refusal):
    environ = {key: value for key, value in {**GOOD, **changes}.items() if value is not None}
    assert refusals(environ) == [f"Refusing to start: {refusal}"]


def test_the_intranet_opt_out_allows_plain_http_with_cookies_a_browser_keeps():
    config = config_from_env({**GOOD, "BASE_URL": "http://seminars.intranet", "ALLOW_HTTP": "1"})
    config.validate()
    assert (config.SESSION_COOKIE_SECURE, config.REMEMBER_COOKIE_SECURE) == (False, False)
    assert config_from_env({**GOOD, "ALLOW_HTTP": "1"}).SESSION_COOKIE_SECURE is True  # https stays Secure


def test_a_base_url_is_read_without_surrounding_spaces_or_trailing_slash():
    assert config_from_env({**GOOD, "BASE_URL": " https://seminars.example.org/ "}).BASE_URL == (
        "https://seminars.example.org")


def test_every_problem_is_named_at_once():
    assert refusals({"APP_ENV": "production", "SECRET_KEY": "dev", "MAIL_PORT": "smtp"}) == [
        "Refusing to start: MAIL_PORT='smtp' is not a whole number",
        "Refusing to start: SECRET_KEY must be at least 32 random bytes; this one is too short or too regular "
        "(python -c 'import secrets; print(secrets.token_hex(32))')",
        "Refusing to start: DATABASE_URL is SQLite; set a PostgreSQL URL, or ALLOW_SQLITE=1 to insist",
        "Refusing to start: BASE_URL is not set; emails and feeds need the site's public address, such as "
        "https://seminars.example.org",
        "Refusing to start: RATELIMIT_STORAGE_URI='memory://': each worker would count limits on its own; set a "
        "Redis URL such as redis://127.0.0.1:6379/0"]


def test_development_refuses_unreadable_values_too():
    assert refusals({"REGISTRATION_RATE_LIMIT": "lots", "OUTBOX_BATCH": "0"}) == [
        "Refusing to start: OUTBOX_BATCH='0' must be at least 1",
        "Refusing to start: REGISTRATION_RATE_LIMIT='lots' is not a rate limit; write it like "
        "\"10 per minute; 40 per hour\""]


def test_any_config_refuses_an_unknown_organiser_zone():
    assert refusals({"ORGANISER_TIMEZONE": "Asia/Shangai"}) == [
        "Refusing to start: ORGANISER_TIMEZONE: “Asia/Shangai” is not a time zone we know. Use an IANA name such "
        "as Europe/Berlin, America/Bogota or Asia/Shanghai."]


def test_app_env_selects_the_config_class():
    assert type(config_from_env({"APP_ENV": "production"})) is ProductionConfig
    assert type(config_from_env({})) is Config
    assert type(config_from_env({"APP_ENV": "development"})) is Config


def test_gunicorn_style_start_prints_one_line_per_problem(tmp_path):
    env = {"PATH": os.environ["PATH"], "APP_ENV": "production", "SECRET_KEY": "dev",
           "DATABASE_URL": "postgresql+psycopg://db/x", "BASE_URL": "https://seminars.example.org",
           "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "FLASK_DEBUG": "1"}
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "Refusing to start" in line] == [
        "config.ConfigError: Refusing to start: SECRET_KEY must be at least 32 random bytes; this one is too short "
        "or too regular (python -c 'import secrets; print(secrets.token_hex(32))')",
        "Refusing to start: FLASK_DEBUG is on: the debugger runs code for whoever reaches it; unset it"]


def test_secret_key_is_generated_once_into_instance(tmp_path):
    first = Flask("a", instance_path=str(tmp_path))
    configure_secret_key(first)
    second = Flask("b", instance_path=str(tmp_path))
    configure_secret_key(second)
    key = (tmp_path / "secret_key").read_text()
    assert len(key) == 64 and first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_secret_key_from_environment_is_kept(tmp_path):
    app = Flask("a", instance_path=str(tmp_path))
    app.config["SECRET_KEY"] = "from-env"
    configure_secret_key(app)
    assert app.config["SECRET_KEY"] == "from-env" and not (tmp_path / "secret_key").exists()


def test_reminders_are_staged_ten_minutes_ahead_unless_set_otherwise():
    assert Config({}).REMINDER_STAGE_MINUTES == 10
    assert Config({"REMINDER_STAGE_MINUTES": "0"}).REMINDER_STAGE_MINUTES == 0
    assert refusals({**GOOD, "REMINDER_STAGE_MINUTES": "-1"}) == [
        "Refusing to start: REMINDER_STAGE_MINUTES='-1' must be at least 0"]
    assert refusals({**GOOD, "REMINDER_STAGE_MINUTES": "2000"}) == [
        "Refusing to start: REMINDER_STAGE_MINUTES='2000' must be at most 1440"]
