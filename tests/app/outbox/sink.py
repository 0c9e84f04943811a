"""The session's SMTP server on loopback, recording what it accepted byte for byte and over which
connection (for the tests that compare stored bytes or count connections)."""
from __future__ import annotations

import asyncio
import email
import email.policy

from contextlib import contextmanager

from tests.conftest import SMTPRecorder


class RawRecorder(SMTPRecorder):
    """Keeps each accepted message's bytes as received, and the client's address and port (one
    per connection), optionally answering each message ``delay`` seconds late."""

    def __init__(self, delay: float = 0.0):
        super().__init__()
        self.delay = delay
        self.received: list[tuple[tuple[str, int], str, list[str], bytes]] = []  #: (peer, from, to, bytes)

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.received.append((tuple(session.peer), envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@contextmanager
def recording(smtp, handler: RawRecorder):
    """The session's server (the ``smtp`` fixture) with ``handler`` meanwhile, its own afterwards."""
    plain = smtp.handler
    smtp.stop()
    smtp.handler = handler
    smtp.start()
    try:
        yield smtp
    finally:
        smtp.stop()
        smtp.handler = plain
        smtp.start()
