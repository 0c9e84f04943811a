"""Settings come from the environment; production refuses unsafe ones."""
from __future__ import annotations

import pytest
from flask import Flask

from app.deployment import configure_secret_key
from config import Config, ProductionConfig, config_from_env


def test_config_reads_conventional_environment_names():
    config = Config({"DATABASE_URL": "postgresql+psycopg://db/x", "BASE_URL": "https://seminars.example/",
                     "MAIL_SERVER": "smtp.example", "MAIL_PORT": "587", "MAIL_USE_TLS": "true",
                     "MAIL_USERNAME": "u", "MAIL_PASSWORD": "p", "MAIL_DEFAULT_SENDER": "a@example.org",
                     "ORGANISER_TIMEZONE": "Europe/Paris", "SECRET_KEY": "k"})
    assert (config.SQLALCHEMY_DATABASE_URI, config.BASE_URL, config.MAIL_SERVER, config.MAIL_PORT,
            config.MAIL_USE_TLS, config.MAIL_USERNAME, config.MAIL_PASSWORD, config.MAIL_DEFAULT_SENDER,
            config.ORGANISER_TIMEZONE, config.SECRET_KEY) == (
        "postgresql+psycopg://db/x", "https://seminars.example", "smtp.example", 587, True, "u", "p",
        "a@example.org", "Europe/Paris", "k")


def test_config_defaults_are_local_and_safe():
    config = Config({})
    assert config.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
    assert config.SQLALCHEMY_DATABASE_URI.endswith("/instance/seminars.sqlite3")
    assert (config.ORGANISER_TIMEZONE, config.BASE_URL, config.MAIL_SERVER, config.MAIL_PORT,
            config.SECRET_KEY, config.FEED_VERSION_TTL) == (
        "Asia/Shanghai", "http://127.0.0.1:5000", "127.0.0.1", 8025, None, 1.0)


def test_production_refuses_a_missing_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        ProductionConfig({"DATABASE_URL": "postgresql+psycopg://db/x"}).validate()


def test_production_refuses_sqlite_unless_told():
    with pytest.raises(RuntimeError, match="DATABASE_URL is SQLite"):
        ProductionConfig({"SECRET_KEY": "k"}).validate()
    ProductionConfig({"SECRET_KEY": "k", "ALLOW_SQLITE": "1"}).validate()


def test_any_config_refuses_an_unknown_organiser_zone():
    with pytest.raises(RuntimeError, match="ORGANISER_TIMEZONE: “Asia/Shangai” is not a time zone we know"):
        Config({"ORGANISER_TIMEZONE": "Asia/Shangai"}).validate()


def test_app_env_production_selects_production_config():
    assert type(config_from_env({"APP_ENV": "production"})) is ProductionConfig
    assert type(config_from_env({})) is Config
    assert ProductionConfig({"SECRET_KEY": "k"}).SESSION_COOKIE_SECURE is True


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
