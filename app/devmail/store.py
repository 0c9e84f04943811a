"""Messages caught by the development SMTP server, one .eml file each."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"^\d{20}-\d+\.eml$")


class MailStore:
    """An aiosmtpd handler that writes each message it accepts into ``folder``."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns():020d}-{os.getpid()}.eml"
        (self.folder / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


@dataclass(frozen=True)
class Caught:
    name: str
    received: dt.datetime
    to: str
    subject: str


def caught(folder: str, limit: int = 200) -> list[Caught]:
    """The newest messages first."""
    path = Path(folder)
    names = sorted((p.name for p in path.glob("*.eml") if _NAME.match(p.name)), reverse=True)[:limit] \
        if path.exists() else []
    found = []
    for name in names:
        message = email.message_from_bytes((path / name).read_bytes(), policy=email.policy.default)
        received = dt.datetime.fromtimestamp(int(name[:20]) / 1e9, dt.timezone.utc)
        found.append(Caught(name, received, str(message["To"] or ""), str(message["Subject"] or "")))
    return found


def read(folder: str, name: str) -> email.message.EmailMessage | None:
    """One caught message by file name (None for anything that is not one)."""
    if not _NAME.match(name) or not (Path(folder) / name).exists():
        return None
    return email.message_from_bytes((Path(folder) / name).read_bytes(), policy=email.policy.default)
