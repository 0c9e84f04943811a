"""Reminders staged ahead: rendered and queued REMINDER_STAGE_MINUTES (10) before their due instant,
held in the outbox until it; taken back without a trace when they no longer hold, so they can be
staged again."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage, Reminder, Seminar
from app.reminders.service import queue_due, reminder_key, stop_token
from tests.app.helpers.forms import form_token
from tests.app.helpers.registration import confirm, deliver, link, submit, text_of
from tests.app.helpers.reminders import reminders, seat, seminar
from tests.app.helpers.seminars import NEW_START, cancel, move, save

UTC = dt.timezone.utc
START = dt.datetime(2023, 11, 6, 12, 30, tzinfo=UTC)
LONG_AGO = dt.datetime(2023, 10, 30, 8, 0, tzinfo=UTC)
DAY_BEFORE = START - dt.timedelta(hours=24)
HOUR_BEFORE = START - dt.timedelta(hours=1)


def rows() -> list[tuple[str, str, dt.datetime]]:
    """Every outbox message as (key, status, next_attempt_at), in the order queued."""
    return [tuple(row) for row in db.session.execute(sa.select(
        OutboxMessage.key, OutboxMessage.status, OutboxMessage.next_attempt_at).order_by(OutboxMessage.id))]


def key(registration, offset: int, start: dt.datetime = START) -> str:
    return reminder_key(registration.id, offset, start)


def test_a_reminder_is_staged_ten_minutes_ahead_and_held_until_its_due_instant(seminar_one, clock, smtp):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = DAY_BEFORE - dt.timedelta(minutes=10, seconds=1)
    assert queue_due(clock()).queued == []
    clock.now = DAY_BEFORE - dt.timedelta(minutes=10)
    report = queue_due(clock())
    assert report.queued == report.staged == [key(registration, 1440)]
    assert reminders() == [("ana@example.org", 1440, "queued", "")]
    assert rows() == [(key(registration, 1440), "pending", DAY_BEFORE)]
    assert queue_due(clock()).queued == []
    clock.now = DAY_BEFORE - dt.timedelta(seconds=1)
    assert deliver(clock, smtp) == []
    clock.now = DAY_BEFORE
    [message] = deliver(clock, smtp)
    assert "Seminar 1 starts in 24 hours." in text_of(message)  # the time left at its instant, not at staging
    assert rows() == [(key(registration, 1440), "sent", DAY_BEFORE)]


def test_a_reminder_already_due_is_queued_at_once_as_before(seminar_one, clock):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE + dt.timedelta(seconds=20)  # the 1-hour reminder was staged by no run (down)
    report = queue_due(clock())
    assert (report.queued, report.staged) == ([key(registration, 60)], [])
    assert rows() == [(key(registration, 60), "pending", HOUR_BEFORE + dt.timedelta(seconds=20))]


def test_a_late_reminder_is_superseded_by_a_later_one_staged_in_the_same_run(seminar_one, clock):
    one = seminar()
    one.reminder_offsets = [60, 15]
    db.session.commit()
    registration = seat(one, "ana@example.org", offsets=[60, 15], confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(minutes=20)  # down since before the 1-hour reminder; 15 minutes is 5 away
    report = queue_due(clock())
    assert report.queued == report.staged == [key(registration, 15)]
    assert reminders() == [("ana@example.org", 60, "skipped", "superseded"), ("ana@example.org", 15, "queued", "")]
    assert rows() == [(key(registration, 15), "pending", START - dt.timedelta(minutes=15))]


def test_a_late_reminder_is_superseded_by_a_later_one_staged_by_an_earlier_run(seminar_one, clock):
    one = seminar()
    one.reminder_offsets = [60, 15]
    db.session.commit()
    registration = seat(one, "ana@example.org", offsets=[15], confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(minutes=20)
    assert queue_due(clock()).staged == [key(registration, 15)]
    # The 1-hour reminder becomes owed behind the reminders' back (a direct database edit): it is late,
    # and the 15-minute one is already on its way for 5 minutes from now.
    registration.registrant.reminder_offsets = [60, 15]
    db.session.commit()
    clock.advance(seconds=15)
    assert queue_due(clock()).queued == []
    assert reminders() == [("ana@example.org", 60, "skipped", "superseded"), ("ana@example.org", 15, "queued", "")]
    assert rows() == [(key(registration, 15), "pending", START - dt.timedelta(minutes=15))]


def test_reminders_staged_for_different_moments_supersede_nothing(app, seminar_one, clock):
    app.config["REMINDER_STAGE_MINUTES"] = 60
    one = seminar()
    one.reminder_offsets = [60, 15]
    db.session.commit()
    registration = seat(one, "ana@example.org", offsets=[60, 15], confirmed_at=LONG_AGO)
    clock.now = START - dt.timedelta(minutes=80)
    assert queue_due(clock()).staged == [key(registration, 60)]
    clock.now = START - dt.timedelta(minutes=75, seconds=1)
    assert queue_due(clock()).staged == []
    clock.now = START - dt.timedelta(minutes=75)  # the 15-minute one is 60 minutes away
    assert queue_due(clock()).staged == [key(registration, 15)]
    assert reminders() == [("ana@example.org", 60, "queued", ""), ("ana@example.org", 15, "queued", "")]
    assert rows() == [(key(registration, 60), "pending", HOUR_BEFORE),
                      (key(registration, 15), "pending", START - dt.timedelta(minutes=15))]


def test_a_move_takes_back_the_staged_reminder_and_the_next_run_stages_the_new_time(seminar_one, clock):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = DAY_BEFORE - dt.timedelta(minutes=5)
    queue_due(clock())
    report = move(clock)  # a day and an hour later
    assert report.withdrawn == 1
    assert [(k, s) for k, s, _ in rows() if k.startswith("reminder:")] == []
    assert reminders() == []
    clock.now = NEW_START - dt.timedelta(hours=24, minutes=10)
    assert queue_due(clock()).staged == [key(registration, 1440, NEW_START)]
    assert [r for r in rows() if r[0].startswith("reminder:")] == [
        (key(registration, 1440, NEW_START), "pending", NEW_START - dt.timedelta(hours=24))]


def test_a_seminar_moved_away_and_back_gets_its_staged_reminder_again(seminar_one, clock):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = DAY_BEFORE - dt.timedelta(minutes=9)
    queue_due(clock())
    move(clock)
    clock.advance(minutes=1)
    move(clock, start=START, end=START + dt.timedelta(minutes=90))
    clock.advance(seconds=15)
    assert queue_due(clock()).staged == [key(registration, 1440)]
    assert [r for r in rows() if r[0].startswith("reminder:")] == [(key(registration, 1440), "pending", DAY_BEFORE)]


def test_a_cancelled_seminar_leaves_no_staged_reminder(seminar_one, clock):
    seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE - dt.timedelta(minutes=5)
    queue_due(clock())
    assert cancel(seminar(), clock()).withdrawn == 1
    assert [r for r in rows() if r[0].startswith("reminder:")] == []
    clock.now = HOUR_BEFORE
    assert queue_due(clock()).queued == []


def test_a_due_reminder_withdrawn_stays_recorded_and_is_never_sent_late(seminar_one, clock):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE + dt.timedelta(seconds=1)
    queue_due(clock())
    clock.advance(seconds=1)
    cancel(seminar(), clock())
    assert [r for r in rows() if r[0].startswith("reminder:")] == [
        (key(registration, 60), "withdrawn", HOUR_BEFORE + dt.timedelta(seconds=1))]
    assert reminders() == [("ana@example.org", 1440, "skipped", "superseded"), ("ana@example.org", 60, "queued", "")]


def test_a_registration_cancelled_and_taken_again_is_staged_again(client, seminar_one, clock, smtp):
    clock.now = LONG_AGO
    submit(client, reminders=["60"])
    confirm(client, link(deliver(clock, smtp)[0], "/register/confirm/"))
    manage = link(deliver(clock, smtp)[0], "/manage/")
    clock.now = HOUR_BEFORE - dt.timedelta(minutes=10)
    [staged] = queue_due(clock()).staged
    client.post(f"{manage}/cancel", data={"csrf_token": form_token(client, manage)})
    assert staged not in [k for k, _, _ in rows()]
    assert reminders() == []
    deliver(clock, smtp)
    clock.advance(minutes=1)
    submit(client, reminders=["60"])
    confirm(client, link(deliver(clock, smtp)[0], "/register/confirm/"))
    clock.advance(seconds=15)
    assert queue_due(clock()).staged == [staged]  # the same registration, the same key
    assert [r for r in rows() if r[0] == staged] == [(staged, "pending", HOUR_BEFORE)]


def test_a_stop_takes_back_the_staged_reminder_and_choosing_again_stages_it_again(client, seminar_one, clock):
    registration = seat(seminar(), "ana@example.org", offsets=[60], confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE - dt.timedelta(minutes=10)
    queue_due(clock())
    client.post(f"/reminders/stop/{stop_token(registration.registrant)}")
    assert rows() == [] and reminders() == []
    assert queue_due(clock()).queued == []
    manage = f"/manage/{registration.registrant.manage_token}"
    clock.advance(minutes=2)
    client.post(f"{manage}/settings", data={"csrf_token": form_token(client, manage),
                                            "settings-timezone": "America/Bogota", "settings-reminders": ["60"]})
    assert queue_due(clock()).staged == [key(registration, 60)]
    assert rows() == [(key(registration, 60), "pending", HOUR_BEFORE)]


def _settings(client, registration, zone="America/Bogota", offsets=("1440", "60")):
    manage = f"/manage/{registration.registrant.manage_token}"
    client.post(f"{manage}/settings", data={"csrf_token": form_token(client, manage), "settings-timezone": zone,
                                            "settings-reminders": list(offsets)})


def test_a_reminder_no_longer_chosen_is_taken_back_and_one_chosen_again_is_staged_again(client, make_seminar_two,
                                                                                        seminar_one, clock):
    two = make_seminar_two(event=seminar_one.event, starts_at=START + dt.timedelta(hours=22),
                           ends_at=START + dt.timedelta(hours=23))
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    other = seat(two, "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE - dt.timedelta(minutes=5)  # seminar 2's 24-hour reminder is due, not yet sent
    assert queue_due(clock()).queued == [key(registration, 60), key(other, 1440, two.starts_at)]
    _settings(client, registration, offsets=["60"])  # 24 hours no longer wanted: 1 hour kept
    assert rows() == [(key(registration, 60), "pending", HOUR_BEFORE),
                      (key(other, 1440, two.starts_at), "withdrawn", HOUR_BEFORE - dt.timedelta(minutes=5))]
    clock.advance(minutes=1)
    _settings(client, registration, offsets=[])  # none: the staged 1-hour reminder leaves nothing behind
    assert rows() == [(key(other, 1440, two.starts_at), "withdrawn", HOUR_BEFORE - dt.timedelta(minutes=5))]
    clock.advance(minutes=1)
    _settings(client, registration, offsets=["60"])
    clock.advance(seconds=15)
    assert queue_due(clock()).staged == [key(registration, 60)]
    assert rows()[-1] == (key(registration, 60), "pending", HOUR_BEFORE)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reminder)) == 3  # and 24 hours, superseded


def test_a_new_zone_renders_the_staged_reminder_again(client, seminar_one, clock, smtp):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE - dt.timedelta(minutes=10)
    queue_due(clock())
    _settings(client, registration, zone="Europe/Berlin")
    assert rows() == []
    clock.advance(seconds=15)
    assert queue_due(clock()).staged == [key(registration, 60)]
    clock.now = HOUR_BEFORE
    [message] = deliver(clock, smtp)
    assert message["Subject"].endswith("Mon, 6 Nov 2023 13:30 Central European Time")


def test_a_claimed_message_is_not_deleted_but_withdrawn(seminar_one, clock):
    registration = seat(seminar(), "ana@example.org", offsets=[60], confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE - dt.timedelta(minutes=10)
    queue_due(clock())
    db.session.execute(sa.update(OutboxMessage).values(claimed_until=HOUR_BEFORE))
    db.session.commit()
    cancel(seminar(), clock())  # a clock running ahead in another process claimed it: it may be on its way
    assert rows()[0] == (key(registration, 60), "withdrawn", HOUR_BEFORE)
    assert reminders() == [("ana@example.org", 60, "queued", "")]


def test_a_reminder_the_seminar_no_longer_sends_is_taken_back_by_the_next_run(seminar_one, clock, smtp):
    registration = seat(seminar(), "ana@example.org", offsets=[60, 15], confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE - dt.timedelta(minutes=10)
    assert queue_due(clock()).staged == [key(registration, 60)]
    clock.advance(minutes=1)
    save(seminar(), clock(), reminder_offsets=[1440, 15])  # the organisers drop "1 hour before"
    clock.advance(seconds=15)
    assert queue_due(clock()).queued == []
    db.session.rollback()  # what the run committed
    assert rows() == [] and reminders() == []
    save(seminar(), clock(), reminder_offsets=[1440, 60, 15])  # and take it back
    clock.advance(seconds=15)
    assert queue_due(clock()).staged == [key(registration, 60)]
    assert rows() == [(key(registration, 60), "pending", HOUR_BEFORE)]
    clock.now = HOUR_BEFORE
    assert [m["Subject"] for m in deliver(clock, smtp)] == [
        "Reminder: Making our cities and regions safe and resilient for all, Mon, 6 Nov 2023 07:30 Colombia Time"]


def test_a_reminder_dropped_while_a_run_decides_is_not_staged(seminar_one, clock):
    """The organisers drop "1 hour before" after the run decided and before it writes: the chunk
    reads the seminar's reminders again under its share lock and stages nothing."""
    seat(seminar(), "ana@example.org", offsets=[60], confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE - dt.timedelta(minutes=10)
    one, edited = seminar().id, []

    def organiser_edits(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("SELECT seminars.status, seminars.starts_at, seminars.reminder_offsets") and not edited:
            edited.append(True)
            with db.engine.begin() as other:  # another connection: the console's save, committed first
                other.execute(sa.update(Seminar.__table__).where(Seminar.id == one).values(reminder_offsets=[1440]))

    sa.event.listen(db.engine, "before_cursor_execute", organiser_edits)
    try:
        assert queue_due(clock()).queued == []
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", organiser_edits)
    assert edited == [True]
    assert rows() == [] and reminders() == []


def test_an_edit_of_the_seminar_renders_a_staged_reminder_again(seminar_one, clock, smtp):
    registration = seat(seminar(), "ana@example.org", confirmed_at=LONG_AGO)
    clock.now = HOUR_BEFORE - dt.timedelta(minutes=5)
    assert queue_due(clock()).staged == [key(registration, 60)]
    save(seminar(), clock(), title="Parks for everyone")  # renamed after staging
    assert (rows(), reminders()) == ([], [("ana@example.org", 1440, "skipped", "superseded")])
    assert queue_due(clock()).staged == [key(registration, 60)]
    clock.now = HOUR_BEFORE
    [message] = deliver(clock, smtp)
    assert "Seminar 1: Parks for everyone" in text_of(message)
    assert rows() == [(key(registration, 60), "sent", HOUR_BEFORE)]
