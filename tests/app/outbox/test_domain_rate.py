"""The per-domain cap (OUTBOX_DOMAIN_RATE): counted with the limits library in the rate limiter's
storage; a capped message waits for the window while the rest of its batch goes."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from limits.storage import MemoryStorage

from app.extensions import db, limiter
from app.models import OutboxMessage
from app.outbox.delivery import deliver_due
from app.outbox.enqueue import enqueue
from app.outbox.rate import DomainGate, domain_gate
from config import Config


def test_the_gate_lets_the_rate_through_per_domain_and_names_the_wait_of_the_rest():
    gate = DomainGate("3/minute", MemoryStorage())
    answers = [gate.wait(to) for to in ("a1@a.org", "a2@A.org", "Ben <b1@b.org>", "a3@a.org", "a4@a.org",
                                        "b2@b.org", "a5@a.org")]
    assert answers[:4] + answers[5:6] == [0, 0, 0, 0, 0]  # a.org's first three, b.org's two
    assert 0 < answers[4] <= 60 and 0 < answers[6] <= 60  # a.org's fourth and fifth: until the minute ends


def test_no_rate_means_no_cap():
    gate = DomainGate("", MemoryStorage())
    assert {gate.wait("a@a.org") for _ in range(1000)} == {0}


def test_the_app_counts_the_cap_in_the_rate_limiters_storage(app):
    app.config["OUTBOX_DOMAIN_RATE"] = "2/hour"
    gate = domain_gate()
    assert gate.limiter.storage is limiter.storage
    assert [gate.wait("a@a.org") > 0 for _ in range(3)] == [False, False, True]
    assert domain_gate().wait("b@a.org") > 0  # another gate (another sender, process) counts the same
    app.config["OUTBOX_DOMAIN_RATE"] = ""
    assert domain_gate().wait("b@a.org") == 0


@pytest.mark.parametrize(("value", "problem"), [
    ("lots", "OUTBOX_DOMAIN_RATE='lots' is not a rate limit; write it like \"10 per minute; 40 per hour\""),
    ("0/second", "OUTBOX_DOMAIN_RATE='0/second' allows nothing at all; each limit needs at least 1 request")])
def test_a_rate_that_cannot_be_read_is_refused(value, problem):
    assert Config({"OUTBOX_DOMAIN_RATE": value}).problems() == [problem]


def test_a_capped_domain_waits_for_its_window_while_the_rest_of_the_batch_goes(app, smtp, clock):
    storage = MemoryStorage()
    gate, waits = DomainGate("3/minute", storage), []

    def sleep(seconds: float) -> None:  # the window passes at once: the test drives the wait
        waits.append(seconds)
        storage.reset()

    for key, to in [("a1", "a1@a.org"), ("a2", "a2@a.org"), ("b1", "b1@b.org"), ("a3", "a3@a.org"),
                    ("a4", "a4@a.org"), ("b2", "b2@b.org"), ("a5", "a5@a.org")]:
        enqueue(key, to, f"Hello {key}", "Hello")
    db.session.commit()
    report = deliver_due(clock(), gate=gate, sleep=sleep)
    assert [m["To"] for m in smtp.messages] == ["a1@a.org", "a2@a.org", "b1@b.org", "a3@a.org", "b2@b.org",
                                                "a4@a.org", "a5@a.org"]
    assert len(waits) == 1 and 0 < waits[0] <= 60
    assert (report.sent, report.retried, report.failed) == (["a1", "a2", "b1", "a3", "b2", "a4", "a5"], [], [])
    assert db.session.execute(sa.select(OutboxMessage.status, OutboxMessage.attempts).distinct()).all() == [
        ("sent", 1)]
