"""The web application: ``create_app`` builds it; nothing runs at import time."""
from __future__ import annotations

from flask import Flask

import calendars.tzdb  # noqa: F401  (pins zoneinfo to the tzdata package before any zone loads)
from app.deployment import configure_logging, configure_proxy, configure_secret_key
from app.security_headers import configure_security_headers
from app.sessions import SessionInterface
from config import INSTANCE_DIR, Config, config_from_env


def create_app(config: Config | None = None) -> Flask:
    config = config if config is not None else config_from_env()
    config.validate()
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.from_object(config)
    app.session_interface = SessionInterface()
    configure_secret_key(app)
    configure_logging(app)
    configure_proxy(app)
    configure_security_headers(app)

    from app.extensions import csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(INSTANCE_DIR.parent / "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from app import errors, i18n, programme_scope, templating
    from app.applications import bp as applications_bp
    from app.auth import bp as auth_bp
    from app.auth.cli import organisers_cli
    from app.feeds import bp as feeds_bp
    from app.feeds import cache as feed_cache
    from app.organise import bp as organise_bp
    from app.programme import bp as programme_bp
    from app.programme_file.cli import demo_cli
    from app.registration import bp as registration_bp
    from app.reminders import bp as reminders_bp
    from app.timezones import bp as timezones_bp
    from app.tours import bp as tours_bp
    from app.vote import bp as vote_bp

    i18n.init_app(app)
    errors.register(app)
    templating.register(app)
    programme_scope.init_app(app)
    app.register_blueprint(timezones_bp)
    app.register_blueprint(programme_bp)
    app.register_blueprint(tours_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(organise_bp)
    app.register_blueprint(vote_bp)
    app.register_blueprint(applications_bp)
    feed_cache.init_app(app)
    app.cli.add_command(demo_cli)
    app.cli.add_command(organisers_cli)
    if not app.config["PRODUCTION"]:
        configure_dev_mail(app)
    return app


def configure_dev_mail(app: Flask) -> None:
    """The development mail catcher and its page; production never registers them."""
    from app.devmail import bp as devmail_bp
    from app.devmail.cli import devmail_cli

    app.register_blueprint(devmail_bp)
    app.cli.add_command(devmail_cli)
