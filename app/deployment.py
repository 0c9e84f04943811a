"""Deployment concerns kept out of the factory: the secret key and logging."""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from flask import Flask


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
