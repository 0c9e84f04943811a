"""The development mail catcher stores what it accepts; /dev/mail shows it; production has neither."""
from __future__ import annotations

import smtplib
import socket

from aiosmtpd.controller import Controller

from app import create_app
from app.devmail.store import MailStore, caught
from config import ProductionConfig


def test_catcher_stores_mail_and_the_page_lists_it(app, client, tmp_path):
    app.config["DEV_MAIL_DIR"] = str(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(MailStore(str(tmp_path)), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.sendmail("a@example.org", ["ana@example.org"],
                          b"Subject: Confirm your registration\r\nTo: ana@example.org\r\n\r\nClick the link.\r\n")
    finally:
        controller.stop()
    [message] = caught(str(tmp_path))
    assert (message.to, message.subject) == ("ana@example.org", "Confirm your registration")
    page = client.get("/dev/mail/").get_data(as_text=True)
    assert f'<a href="/dev/mail/{message.name}">Confirm your registration</a>' in page
    detail = client.get(f"/dev/mail/{message.name}").get_data(as_text=True)
    assert "Click the link." in detail
    assert client.get("/dev/mail/..%2Fsecret_key").status_code == 404


def test_production_has_no_mail_catcher():
    app = create_app(ProductionConfig({"SECRET_KEY": "0d9062d4fb69ea1854c3e5a7ac209d4d77e85c9d717d249d7c9661a7e7990fbf",
                                       "DATABASE_URL": "postgresql+psycopg://x/y",
                                       "BASE_URL": "https://seminars.example.org",
                                       "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}))
    assert "devmail" not in app.blueprints and "devmail" not in app.cli.commands
