"""Reminders for 10,000 confirmed registrants of one seminar: from the moment they fall due to the
last message accepted by a local aiosmtpd, against raw smtplib sending the same messages.

    .venv/bin/python bench/reminders.py [--registrants 10000] [--connections 4] [--schedulers 1]
                                        [--lead 120] [--at-due] [--database-url URL]

The pipeline is the real one: `flask --app wsgi jobs run` processes. By default they start --lead
seconds before the reminders fall due, as a running scheduler would be, so the reminders are staged
ahead (REMINDER_STAGE_MINUTES, 10: each rendered in its registrant's zone and language and its
bytes built once) and held until the due instant; with --at-due they start at that instant, as
after a restart, and queue everything then (the catch-up case). Delivery uses OUTBOX_CONNECTIONS =
--connections sender threads, each streaming stored bytes over its own SMTP connection. The
baseline sends the very bytes the pipeline stored and sent, with raw smtplib over the same number
of connections (one thread each) and no database. The SMTP server runs in its own process and
reports the first and the last message. Prints: staging time, due -> first and due -> last
message, the pipeline's rate over the due -> last span, the baseline's rate and their ratio. Then
delivery alone: the same rows set pending again and a scheduler started, timed from its start.
Targets (issue #17): last message within 10 s of due; first within 1 s; rate >= 0.8 of the baseline.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import smtplib
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.feeds import empty_schema, free_port  # noqa: E402  (after the path is set)

ZONES = ["America/Bogota", "Europe/Berlin", "Asia/Tokyo", "Africa/Johannesburg", "Pacific/Auckland",
         "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Europe/London", "Asia/Shanghai"]

#: The SMTP sink: counts messages and says when the expected number has arrived (wall clock).
SINK = r"""
import asyncio, sys, time
from aiosmtpd.controller import Controller
expected = int(sys.argv[2]); count = 0
class Sink:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        if count == 1:
            print(f"first {time.time()}", flush=True)
        if count == expected:
            print(f"done {time.time()}", flush=True)
            count = 0
        return "250 OK"
controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
"""


def prepare(url: str, registrants: int, starts_at: dt.datetime, languages: tuple[str, ...] = ()) -> None:
    """An empty, migrated database with one seminar and ``registrants`` confirmed seats (bulk insert);
    with ``languages``, the registrants take them in turn (English otherwise)."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import Event, Programme, Registrant, Registration, Seminar
    from app.models.registrations import new_token
    from config import TestConfig

    empty_schema(url)
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()
        programme = Programme(slug="award-2023", title="Guangzhou Award", timezone="Asia/Shanghai",
                              first_day=starts_at.date(), last_day=starts_at.date(), status="published")
        event = Event(programme=programme, slug="series", kind="seminar-series", title="International Seminar",
                      timezone="Asia/Shanghai", location="Online", first_day=starts_at.date(),
                      last_day=starts_at.date())
        seminar = Seminar(event=event, number=1, slug="seminar-1", title="Making our cities safe and resilient",
                          starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=90), timezone="Asia/Shanghai",
                          join_url="https://zoom.us/j/82318937943", meeting_id="823 1893 7943", passcode="807001",
                          reminder_offsets=[60])
        db.session.add(event)
        db.session.commit()
        long_ago = starts_at - dt.timedelta(days=3)
        db.session.execute(sa.insert(Registrant), [
            dict(email=f"person{n}@example.org", name=f"Person {n}", organisation="", place="",
                 timezone=ZONES[n % len(ZONES)], reminder_offsets=[1440, 60], manage_token=new_token(),
                 consent_at=long_ago, created_at=long_ago, updated_at=long_ago,
                 **({"language": languages[n % len(languages)]} if languages else {})) for n in range(registrants)])
        ids = db.session.scalars(sa.select(Registrant.id).order_by(Registrant.id)).all()
        db.session.execute(sa.insert(Registration), [
            dict(registrant_id=i, seminar_id=seminar.id, status="confirmed", join_token=new_token(),
                 created_at=long_ago, confirmed_at=long_ago, updated_at=long_ago) for i in ids])
        db.session.commit()
        db.engine.dispose()


def sent_messages(url: str) -> list[tuple[str, bytes]]:
    """The messages the pipeline sent, as it sent them: (recipient, stored bytes)."""
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import OutboxMessage
    from app.outbox.delivery import build_message
    from config import TestConfig

    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url, MAIL_DEFAULT_SENDER="Seminars <seminars@example.org>"))
    with app.app_context():
        rows = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.status == "sent")
                                  .order_by(OutboxMessage.id)).all()
        built = [(row.recipient, row.raw if row.raw is not None else build_message(row).as_bytes()) for row in rows]
        db.engine.dispose()
    return built


def wait_all_sent(url: str, n: int) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        for _ in range(300):
            if conn.scalar(sa.text("SELECT count(*) FROM outbox_messages WHERE status = 'sent'")) == n:
                break
            conn.rollback()
            time.sleep(0.1)
    engine.dispose()


def deliver_again(url: str, n: int, env: dict, sink: subprocess.Popen, schedulers: int = 1) -> float:
    """Delivery alone: every sent row set pending and due again (its stored bytes kept), then a
    scheduler process started; seconds from its start to the last message accepted."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE outbox_messages SET status = 'pending', attempts = 0, sent_at = NULL, "
                             "claimed_until = NULL, next_attempt_at = :now"), {"now": dt.datetime.now(dt.timezone.utc)})
    engine.dispose()
    started = time.time()
    processes = [subprocess.Popen([str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "jobs", "run"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(schedulers)]
    try:
        last = wait_done(sink)
        wait_all_sent(url, n)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
    return last - started


def send_raw(port: int, messages: list[tuple[str, bytes]]) -> None:
    """The baseline's one connection: smtplib sending stored bytes, nothing else."""
    with smtplib.SMTP("127.0.0.1", port) as connection:
        for recipient, body in messages:
            connection.sendmail("seminars@example.org", [recipient], body)


def wait_done(sink: subprocess.Popen) -> float:
    """When the sink had the last expected message (``first`` lines on the way are kept in FIRST)."""
    while True:
        line = sink.stdout.readline().strip()
        if line.startswith("first "):
            FIRST.append(float(line.split()[1]))
            continue
        if not line.startswith("done "):
            raise SystemExit(f"the SMTP sink said {line!r}")
        return float(line.split()[1])


#: When the sink had the first message of each round.
FIRST: list[float] = []


def wait_staged(url: str, n: int) -> float:
    """When all ``n`` reminders are in the outbox (polled every 0.1 s)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        while conn.scalar(sa.text("SELECT count(*) FROM outbox_messages")) < n:
            conn.rollback()
            time.sleep(0.1)
    engine.dispose()
    return time.time()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registrants", type=int, default=10_000)
    parser.add_argument("--schedulers", type=int, default=1,
                        help="scheduler processes started together (they share the work safely)")
    parser.add_argument("--connections", type=int, default=4,
                        help="SMTP connections: OUTBOX_CONNECTIONS of each scheduler, and the baseline's threads")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench",
                        help="emptied first; a sqlite:/// URL works too")
    parser.add_argument("--lead", type=int, default=120,
                        help="seconds between starting the schedulers and the due instant (staged ahead)")
    parser.add_argument("--at-due", action="store_true",
                        help="start the schedulers at the due instant instead (catch-up after a restart)")
    parser.add_argument("--languages", default="",
                        help="comma-separated codes the registrants take in turn, e.g. en,zh_Hans,es,fr,ar "
                             "(default: none given, so English)")
    args = parser.parse_args()
    n = args.registrants

    port = free_port()
    sink = subprocess.Popen([sys.executable, "-c", SINK, str(port), str(n)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert sink.stdout.readline().strip() == "ready"
    # The reminders fall due --lead seconds after the data is ready; the schedulers start then, so
    # they stage the reminders ahead, or (--at-due) at the due instant, as after a restart.
    lead = 60 if args.at_due else args.lead
    starts_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(hours=1, seconds=lead)
    prepare(args.database_url, n, starts_at, tuple(code for code in args.languages.split(",") if code))
    env = dict(os.environ, DATABASE_URL=args.database_url, SECRET_KEY="bench-only", PYTHONPATH=str(ROOT),
               MAIL_PORT=str(port), MAIL_DEFAULT_SENDER="Seminars <seminars@example.org>",
               OUTBOX_CONNECTIONS=str(args.connections), REMINDER_STAGE_MINUTES="10")
    due = (starts_at - dt.timedelta(hours=1)).timestamp()
    if time.time() > due:
        raise SystemExit(f"preparing the data took more than {lead} s; try fewer --registrants or a longer --lead")
    if args.at_due:
        time.sleep(due - time.time())
    started = time.time()
    schedulers = [subprocess.Popen([str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "jobs", "run"],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                  for _ in range(args.schedulers)]
    try:
        staged = wait_staged(args.database_url, n)
        if staged > due:
            print(f"warning: staging ended {staged - due:.1f} s after the due instant; a longer --lead measures "
                  "delivery from staged rows")
        last = wait_done(sink)
        # The server has the last message; let the scheduler commit its outcome before stopping it.
        wait_all_sent(args.database_url, n)
    finally:
        for scheduler in schedulers:
            scheduler.terminate()
        errors = "".join(scheduler.communicate(timeout=30)[1] for scheduler in schedulers)
    first = FIRST[-1]
    pipeline = last - due
    delivery = deliver_again(args.database_url, n, env, sink, args.schedulers)

    messages = sent_messages(args.database_url)
    if len(messages) != n:
        print(errors[-3000:])
        raise SystemExit(f"the pipeline sent {len(messages)} of {n} messages")
    began = time.time()
    baseline_senders = [threading.Thread(target=send_raw, args=(port, messages[k::args.connections]))
                        for k in range(args.connections)]
    for sender in baseline_senders:
        sender.start()
    for sender in baseline_senders:
        sender.join()
    baseline = wait_done(sink) - began
    sink.stdin.close()
    sink.wait(timeout=10)

    print(f"database: {args.database_url.split('@')[-1]}; {n} confirmed registrants, one seminar, "
          f"{len(ZONES)} zones; aiosmtpd in its own process on loopback")
    mode = "started at the due instant (catch-up)" if args.at_due else f"started {lead} s before it (staged)"
    print(f"schedulers: {args.schedulers} process(es), {args.connections} connection(s) each, {mode}; "
          f"all {n} reminders in the outbox {staged - started:.1f} s after the start")
    print(f"due -> first message accepted: {first - due:+.2f} s (target < 1 s)")
    print(f"due -> last message accepted:  {pipeline:+.2f} s (target < 10 s), {n / pipeline:.0f} messages/s")
    print(f"delivery alone (the same stored rows pending again, {args.schedulers} scheduler process(es) started -> "
          f"last message accepted): {delivery:.1f} s, {n / delivery:.0f} messages/s, "
          f"ratio to the baseline {baseline / delivery:.2f}")
    print(f"baseline (raw smtplib, same bytes, {args.connections} connection(s), one thread each, no database): "
          f"{baseline:.1f} s, {n / baseline:.0f} messages/s")
    print(f"ratio (pipeline rate / baseline rate): {baseline / pipeline:.2f} (target >= 0.8)")


if __name__ == "__main__":
    main()
