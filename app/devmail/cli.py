"""``flask --app wsgi devmail run``: the local SMTP catcher of `make run`."""
from __future__ import annotations

import time

import click
from aiosmtpd.controller import Controller
from flask import current_app
from flask.cli import AppGroup

from app.devmail.store import MailStore

devmail_cli = AppGroup("devmail", help="Development mail catcher (never for production).")


@devmail_cli.command("run")
def run() -> None:
    """Accept mail on MAIL_SERVER:MAIL_PORT and keep it for /dev/mail."""
    config = current_app.config
    controller = Controller(MailStore(config["DEV_MAIL_DIR"]), hostname=config["MAIL_SERVER"],
                            port=config["MAIL_PORT"])
    controller.start()
    click.echo(f"Mail catcher on {config['MAIL_SERVER']}:{config['MAIL_PORT']}; read it at /dev/mail/")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
