"""A seminar's change recorded in the request, its emails queued by the fan-out job in chunks."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Fanout, OutboxMessage, Registration
from app.outbox.enqueue import add_new
from app.seminars import emails
from app.seminars.edit import save_seminar
from app.seminars.expand import claim, expand_chunk, expand_due
from app.seminars.fields import SeminarData, snapshot
from tests.app.helpers.reminders import seat, seminar
from tests.app.helpers.seminars import LONG_AGO, NEW_START

UTC = dt.timezone.utc
PEOPLE = ["ana", "ben", "chen", "dara", "eli"]


@pytest.fixture()
def five(app, seminar_one):
    """Seminar 1 with five confirmed registrants; the job writes two per chunk."""
    app.config["FANOUT_CHUNK"] = 2
    return [seat(seminar_one, f"{name}@example.org", confirmed_at=LONG_AGO, name=name.title()).id
            for name in PEOPLE]


def _edit(now, notify=True, **changes):
    one = seminar()
    return save_seminar(one, SeminarData(**{**snapshot(one), **changes}), now=now, notify=notify)


def _move(now, hours=0):
    start = NEW_START + dt.timedelta(hours=hours)
    return _edit(now, starts_at=start, ends_at=start + dt.timedelta(minutes=90))


def _rows() -> list[tuple[str, str]]:
    return [tuple(row) for row in db.session.execute(
        sa.select(OutboxMessage.key, OutboxMessage.status).order_by(OutboxMessage.id))]


def _fanouts() -> list[tuple]:
    db.session.expire_all()
    return [(f.kind, f.status, f.total, f.queued) for f in db.session.scalars(sa.select(Fanout).order_by(Fanout.id))]


def test_a_move_records_a_fanout_and_queues_no_email_in_the_request(five, clock):
    saved = _move(clock())
    assert (saved.report.told, saved.moved) == (5, True)
    assert _rows() == []
    fanout = db.session.scalar(sa.select(Fanout))
    assert (fanout.kind, fanout.status, fanout.total, fanout.queued, fanout.after_id, fanout.upto_id) == (
        "moved", "running", 5, 0, 0, five[-1])
    assert (fanout.previous_starts_at, fanout.sequence) == (dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC),
                                                          seminar().sequence)


def test_chunks_follow_registration_order_and_commit_their_progress(five, clock):
    _move(clock())
    sequence = seminar().sequence
    fanout_id, held = claim(clock())
    progress = []
    while held is not None:
        held, finished = expand_chunk(fanout_id, held, clock())
        fanout = db.session.get(Fanout, fanout_id, populate_existing=True)
        progress.append((fanout.queued, fanout.after_id, fanout.status, len(_rows())))
    assert progress == [(2, five[1], "running", 2), (4, five[3], "running", 4), (5, five[4], "done", 5)]
    assert _rows() == [(f"moved:{i}:{sequence}", "pending") for i in five]
    assert (finished.kind, finished.seminar, finished.queued) == ("moved", "seminar-1", 5)
    assert (fanout.finished_at, fanout.claimed_until) == (clock(), None)
    assert claim(clock()) is None  # nothing left to do


def test_a_rerun_after_a_crash_mid_fanout_queues_nothing_twice(five, clock):
    _move(clock())
    sequence = seminar().sequence
    fanout_id, held = claim(clock())
    expand_chunk(fanout_id, held, clock())  # one chunk committed, then the job dies holding the claim
    # A worker whose claim lapsed got as far as writing the next chunk's emails (today's keys).
    registrations = db.session.scalars(sa.select(Registration).where(Registration.id.in_(five[2:4]))).all()
    add_new([emails.moved(r, emails.Previous(seminar().starts_at, seminar().ends_at), sequence)
             for r in registrations])
    db.session.commit()
    assert claim(clock()) is None  # the dead job's claim still holds
    clock.advance(seconds=61)  # FANOUT_CLAIM_SECONDS later
    [finished] = expand_due(clock, 60)
    assert finished.queued == 5
    assert _rows() == [(f"moved:{i}:{sequence}", "pending") for i in five]
    assert _fanouts() == [("moved", "done", 5, 5)]


def test_a_newer_move_supersedes_an_unfinished_one_and_withdraws_what_it_queued(five, clock):
    _move(clock())
    first = seminar().sequence
    fanout_id, held = claim(clock())
    held, _ = expand_chunk(fanout_id, held, clock())  # ana and ben queued, three to go
    clock.advance(minutes=1)
    saved = _move(clock(), hours=1)
    second = seminar().sequence
    assert (saved.report.told, saved.report.stale_updates) == (5, 2)
    assert expand_chunk(fanout_id, held, clock()) == (None, None)  # the old worker writes nothing more
    assert [f.queued for f in expand_due(clock, 60)] == [5]
    assert _rows() == [(f"moved:{five[0]}:{first}", "withdrawn"), (f"moved:{five[1]}:{first}", "withdrawn")] + [
        (f"moved:{i}:{second}", "pending") for i in five]
    assert _fanouts() == [("moved", "superseded", 5, 2), ("moved", "done", 5, 5)]
    subjects = set(db.session.scalars(sa.select(OutboxMessage.subject).where(OutboxMessage.status == "pending")))
    assert subjects == {"New time: Seminar 1 is now Tue, 7 Nov 2023 09:30 Colombia Time"}


def test_a_cancellation_supersedes_an_unfinished_move(five, clock):
    _move(clock())
    moved = seminar().sequence
    fanout_id, held = claim(clock())
    expand_chunk(fanout_id, held, clock())
    saved = _edit(clock(), status="cancelled")
    cancelled = seminar().sequence
    assert (saved.report.told, saved.report.stale_updates) == (5, 2)
    expand_due(clock, 60)
    assert _rows() == [(f"moved:{five[0]}:{moved}", "withdrawn"), (f"moved:{five[1]}:{moved}", "withdrawn")] + [
        (f"seminar-cancelled:{i}:{cancelled}", "pending") for i in five]
    assert _fanouts() == [("moved", "superseded", 5, 2), ("cancelled", "done", 5, 5)]


def test_a_move_without_notify_records_no_fanout(five, clock):
    saved = _edit(clock(), notify=False, starts_at=NEW_START, ends_at=NEW_START + dt.timedelta(minutes=90))
    assert (saved.report.told, _fanouts(), _rows()) == (0, [], [])


def test_more_seats_promote_in_one_update_and_the_job_tells_them(app, seminar_one, clock):
    app.config["FANOUT_CHUNK"] = 2
    seminar_one.capacity = 1
    db.session.commit()
    seat(seminar_one, "ana@example.org", confirmed_at=LONG_AGO)
    waiting = [seat(seminar_one, f"{name}@example.org", confirmed_at=LONG_AGO + dt.timedelta(minutes=n),
                    status="waitlisted").id for n, name in enumerate(["ben", "chen", "dara"])]
    saved = _edit(clock(), capacity=3)
    assert saved.promoted == 2
    statuses = db.session.execute(sa.select(Registration.id, Registration.status, Registration.confirmed_at)
                                  .where(Registration.id.in_(waiting)).order_by(Registration.id)).all()
    assert [tuple(s) for s in statuses] == [(waiting[0], "confirmed", clock()), (waiting[1], "confirmed", clock()),
                                           (waiting[2], "waitlisted", None)]
    assert _rows() == []
    [finished] = expand_due(clock, 60)
    stamp = int(clock().timestamp())
    assert _rows() == [(f"promoted:{waiting[0]}:{stamp}", "pending"), (f"promoted:{waiting[1]}:{stamp}", "pending")]
    assert (finished.kind, finished.queued, _fanouts()) == ("promoted", 2, [("promoted", "done", 2, 2)])
    subject = db.session.scalar(sa.select(OutboxMessage.subject).order_by(OutboxMessage.id).limit(1))
    assert subject == "A seat is yours: Seminar 1, Mon, 6 Nov 2023 07:30 Colombia Time"
