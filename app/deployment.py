"""Deployment concerns kept out of the factory: the secret key, logging, a reverse proxy."""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def configure_secret_key(app: Flask) -> None:
    """Use SECRET_KEY from the environment, else one generated once into instance/.

    Production never gets here without a key: ProductionConfig.validate refuses to start.
    """
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    app.config["SECRET_KEY"] = path.read_text().strip()


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        app.logger.setLevel(logging.INFO)


def configure_proxy(app: Flask) -> None:
    """Behind PROXIES reverse proxies, take the client's address from X-Forwarded-For, so rate
    limits count each visitor, not the proxy (werkzeug trusts only that many hops)."""
    if app.config["PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXIES"], x_proto=app.config["PROXIES"])
