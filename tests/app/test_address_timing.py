"""A known address costs the same statements as a new one on POST /register and POST /vote (issue 13):
the deterministic stand-in for "the response time does not tell" (bench/address_timing.py times it)."""
from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager

import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from tests.app.helpers.registration import confirm, deliver, link, submit
from tests.app.helpers.vote import DURING, cast, vote_and_confirm

WRITE = re.compile(r"^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+\"?(\w+)", re.IGNORECASE)


@contextmanager
def statements():
    """The SQL statements the block sends, as (verb, table) for writes and ("SELECT", "") otherwise."""
    seen: list[tuple[str, str]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        write = WRITE.match(statement)
        verb = (write.group(1) if write else statement).split()[0].upper()
        seen.append((verb, write.group(2) if write else ""))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def outbox() -> list[str]:
    return list(db.session.scalars(sa.select(OutboxMessage.subject).order_by(OutboxMessage.id)))


def test_register_costs_the_same_statements_for_a_known_a_pending_and_a_new_address(client, seminar_one, smtp, clock):
    submit(client, email="known@example.org")
    confirm(client, link(deliver(clock, smtp)[0], "/register/confirm/"))
    submit(client, email="pending@example.org")
    clock.advance(minutes=10)  # past the resend window of both
    before = len(outbox())
    found = {}
    for address in ("known@example.org", "pending@example.org", "new@example.org"):
        with statements() as seen:
            assert submit(client, email=address).location == "/register/sent"
        found[address] = seen
    writes = {address: [s for s in seen if s[0] != "SELECT"] for address, seen in found.items()}
    assert writes == dict.fromkeys(found, [("INSERT", "registrants"), ("INSERT", "registrations"),
                                           ("INSERT", "outbox_messages")])
    known, pending, new = (Counter(found[a]) for a in ("known@example.org", "pending@example.org", "new@example.org"))
    assert known == pending == new
    assert outbox()[before:] == ["You are already registered for the Guangzhou Award seminars",
                                 "Please confirm your registration for the Guangzhou Award seminars",
                                 "Please confirm your registration for the Guangzhou Award seminars"]


def test_vote_costs_the_same_statements_whether_the_address_voted_for_that_city_or_not(client, seminar_one,
                                                                                       make_vote_event, clock):
    make_vote_event()  # seminar 1's Kazan and Tehran stand on its ballot
    clock.now = DURING
    vote_and_confirm(client, "known@example.org", "kazan")
    vote_and_confirm(client, "other@example.org", "tehran")
    clock.advance(minutes=10)  # past the resend window
    before = len(outbox())
    found = {}
    for address in ("known@example.org", "other@example.org", "new@example.org"):
        with statements() as seen:
            assert cast(client, address, "kazan").status_code == 303
        found[address] = seen
    writes = {address: [s for s in seen if s[0] != "SELECT"] for address, seen in found.items()}
    # The same city again records no ballot: the vote's row is written instead, one row either way.
    assert writes == {"known@example.org": [("UPDATE", "votes"), ("INSERT", "outbox_messages")],
                      "other@example.org": [("INSERT", "ballots"), ("INSERT", "outbox_messages")],
                      "new@example.org": [("INSERT", "ballots"), ("INSERT", "outbox_messages")]}
    assert len(found["known@example.org"]) == len(found["other@example.org"]) == len(found["new@example.org"])
    assert outbox()[before:] == ["Your vote for Kazan already counts", "Confirm your vote for Kazan",
                                 "Confirm your vote for Kazan"]
