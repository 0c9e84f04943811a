"""Messages are built once, when queued, and delivery streams the stored bytes: exactly what was
queued reaches the SMTP server on loopback, in any script, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils

import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from app.outbox.delivery import deliver_due, message_id
from app.outbox.enqueue import NewMessage, add_many, add_new, enqueue

UTC = dt.timezone.utc
ICS = ("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:-//seminars//EN\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
       "SUMMARY:让我们的城市安全且有韧性 — مدن آمنة\r\nUID:seminar-1@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
LONG_CHINESE = "提醒：" + "城市创新研讨会将在一小时后开始，请准时参加我们的在线会议并准备好您的问题" * 3
LONG_ASCII = "Reminder: " + "the seminar on making our cities safe and resilient starts in one hour " * 2
ARABIC = "تذكير: تبدأ الندوة حول جعل مدننا آمنة وقادرة على الصمود بعد ساعة واحدة"


def _stored(key: str) -> OutboxMessage:
    return db.session.scalar(sa.select(OutboxMessage).filter_by(key=key))


def _new(key: str, to: str, subject: str, **extra) -> NewMessage:
    return NewMessage(key, to, subject, f"正文 {key}\nنص الرسالة\n", f"<p dir=\"auto\">正文 {key} نص</p>",
                      {"List-Unsubscribe": "<https://example.org/u/1>"}, **extra)


def test_non_ascii_messages_reach_the_server_exactly_as_queued_with_their_invitation(app, raw_smtp, clock):
    subjects = {"zh": LONG_CHINESE, "ascii": LONG_ASCII, "ar": ARABIC}
    assert len(LONG_CHINESE) > 78 and len(LONG_ASCII) > 78
    names = {"zh": "张伟", "ascii": "Ana Lima", "ar": "فاطمة الزهراء"}
    add_many([_new(f"m:{code}", f"{names[code]} <{code}@example.org>", subject, ics=ICS, ics_method="REQUEST")
              for code, subject in subjects.items()])
    db.session.commit()
    stored = {code: _stored(f"m:{code}").raw for code in subjects}
    assert deliver_due(clock()).sent == ["m:zh", "m:ascii", "m:ar"]

    assert [content for _, _, _, content in raw_smtp.handler.received] == list(stored.values())
    assert [(sender, to) for _, sender, to, _ in raw_smtp.handler.received] == [
        ("seminars@example.org", [f"{code}@example.org"]) for code in subjects]
    for code, (_, _, _, content) in zip(subjects, raw_smtp.handler.received, strict=True):
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert message["Subject"] == subjects[code]
        [to] = message["To"].addresses
        assert (to.display_name, to.addr_spec) == (names[code], f"{code}@example.org")
        assert message["Message-ID"] == message_id(f"m:{code}")
        assert message["From"] == "Seminars <seminars@example.org>"
        assert message["List-Unsubscribe"] == "<https://example.org/u/1>"
        # Lines end in CRLF on the wire, as SMTP requires of text; the parser hands them back so.
        assert message.get_body(preferencelist=("plain",)).get_content() == f"正文 m:{code}\r\nنص الرسالة\r\n"
        assert message.get_body(preferencelist=("html",)).get_content() == f"<p dir=\"auto\">正文 m:{code} نص</p>"
        calendars = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert [(p.get_param("method"), p.get_filename(), p.get_content()) for p in calendars] == [
            ("REQUEST", None, ICS), ("REQUEST", "invite.ics", ICS)]


def test_the_stored_message_is_dated_when_it_falls_due(app, smtp, clock):
    later = dt.datetime(2023, 11, 6, 11, 30, tzinfo=UTC)
    add_many([_new("reminder:1", "ana@example.org", "Soon", send_at=later), _new("now:1", "bo@example.org", "Now")])
    enqueue("confirm:1", "cy@example.org", "Confirm", "Body", not_before=later + dt.timedelta(hours=1))
    db.session.commit()
    dates = {key: email.utils.parsedate_to_datetime(email.message_from_bytes(
        _stored(key).raw, policy=email.policy.default)["Date"]) for key in ("reminder:1", "now:1", "confirm:1")}
    assert dates == {"reminder:1": later, "now:1": clock(), "confirm:1": later + dt.timedelta(hours=1)}


def test_every_way_of_queueing_stores_the_bytes(app, clock):
    enqueue("one", "ana@example.org", "One", "Body")
    add_many([_new("many", "bo@example.org", "Many")])
    assert add_new([_new("new", "cy@example.org", "New"), _new("many", "bo@example.org", "Many")]) == 1
    db.session.commit()
    for key, subject in (("one", "One"), ("many", "Many"), ("new", "New")):
        message = email.message_from_bytes(_stored(key).raw, policy=email.policy.default)
        assert (message["Subject"], message["Message-ID"]) == (subject, message_id(key))


def test_a_replaced_unsent_message_stores_its_new_bytes(app, clock):
    enqueue("moved:1", "ana@example.org", "Moved to Monday", "Monday")
    enqueue("moved:1", "ana@example.org", "Moved to Tuesday", "Tuesday", replace_unsent=True)
    db.session.commit()
    message = email.message_from_bytes(_stored("moved:1").raw, policy=email.policy.default)
    # Stored as it goes on the wire: ended by CRLF (smtplib would add it).
    assert (message["Subject"], message.get_content()) == ("Moved to Tuesday", "Tuesday\r\n")


def test_a_message_queued_before_bytes_were_stored_is_built_at_send_time(app, raw_smtp, clock):
    enqueue("old:1", "张伟 <zw@example.org>", ARABIC, "نص", ics=ICS, ics_method="CANCEL")
    enqueue("new:1", "ana@example.org", "New", "Body")
    db.session.commit()
    db.session.execute(sa.update(OutboxMessage).filter_by(key="old:1").values(raw=None))  # as the upgrade left it
    db.session.commit()
    assert deliver_due(clock()).sent == ["old:1", "new:1"]
    old = raw_smtp.messages[0]
    assert (old["Subject"], old["To"].addresses[0].display_name, old["Message-ID"]) == (
        ARABIC, "张伟", message_id("old:1"))
    assert old.get_body(preferencelist=("plain",)).get_content() == "نص"
    assert [p.get_content() for p in old.walk() if p.get_content_type() == "text/calendar"] == [ICS, ICS]
    assert raw_smtp.handler.received[1][3] == _stored("new:1").raw


def test_a_message_that_cannot_be_built_fails_when_queued_and_alone(app, smtp, clock, caplog):
    add_new([_new("good:1", "ana@example.org", "Good"), _new("bad:1", "josé@exämple.com", "Bad"),
             _new("bad:2", "bo@example.org", "Bad\r\nBcc: everyone@example.org"),
             _new("good:2", "bo@example.org", "Good")])
    enqueue("bad:3", "josé@exämple.com", "Bad", "Body")
    db.session.commit()
    rows = db.session.execute(sa.select(OutboxMessage.key, OutboxMessage.status, OutboxMessage.raw.is_(None),
                                        OutboxMessage.last_error).order_by(OutboxMessage.id)).all()
    assert [tuple(row[:3]) for row in rows] == [("good:1", "pending", False), ("bad:1", "failed", True),
                                                ("bad:2", "failed", True), ("good:2", "pending", False),
                                                ("bad:3", "failed", True)]
    errors = {row.key: row.last_error for row in rows}
    assert errors["bad:1"] == errors["bad:3"] == ("UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' "
                                                  "in position 3: ordinal not in range(128)")
    assert errors["bad:2"] == "BadHeaderError: a header holds a line break"
    assert [r.getMessage() for r in caplog.records if r.name == "app.outbox.enqueue"] == [
        f"outbox message bad:1 cannot be built: {errors['bad:1']}", f"outbox message bad:2 cannot be built: "
        f"{errors['bad:2']}", f"outbox message bad:3 cannot be built: {errors['bad:3']}"]
    report = deliver_due(clock())
    assert (report.sent, report.failed) == (["good:1", "good:2"], [])
    assert [m["To"] for m in smtp.messages] == ["ana@example.org", "bo@example.org"]
