"""The iMIP invitation (RFC 6047) attached to an email: a registrant's seminars in their zone and in
the language in force (the email's: app.mail.in_language), with the same UIDs as the feeds
(app/calendar_entries.py), so a calendar updates the entry it has."""
from __future__ import annotations

from email.utils import parseaddr

from flask import current_app
from flask_babel import gettext as _

from app import calendar_entries as entries
from app import content
from app.calendar_entries import uid_domain
from app.models import Registrant, Registration
from app.urls import absolute_url, page_url
from calendars import ical


def _sender() -> tuple[str, str]:
    name, address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    return name or _("Seminars"), address


def invitation(registrant: Registrant, registrations: list[Registration], method: str) -> str:
    """The iMIP invitation of these seminars in the registrant's zone (same UIDs as the feeds)."""
    made = []
    for registration in registrations:
        seminar = registration.seminar
        text = entries.seminar_text(seminar, series=content.text(seminar.event, "title"),
                                    presenters=entries.presenters(seminar.initiatives),
                                    url=page_url("programme.seminar", programme=seminar.event.programme.slug,
                                                 slug=seminar.slug),
                                    cancelled=method == "CANCEL" or seminar.cancelled)
        if method == "CANCEL" and not seminar.cancelled:
            # The registration ended, not the seminar: say so, and no meeting details any more.
            summary = _("Registration cancelled: Seminar %(number)s: %(title)s", number=seminar.number,
                        title=text.title)
            description = "\n".join((
                _("Your registration for Seminar %(number)s was cancelled; the seminar itself takes place as planned.",
                  number=seminar.number),
                _("Register again: %(url)s", url=text.url)))
        else:
            meeting = entries.Meeting(absolute_url("registration.join", token=registration.join_token),
                                      seminar.meeting_id, seminar.passcode)
            summary = entries.seminar_summary(text)
            description = entries.seminar_description(text, registrant.timezone, meeting=meeting)
        made.append(entries.seminar_entry(seminar, summary=summary, description=description, url=text.url,
                                          cancelled=method == "CANCEL"))
    info = ical.FeedInfo(prodid="-//Guangzhou Award seminars//invitation//EN", uid=f"invitation@{uid_domain()}",
                         name=_("Guangzhou Award seminars"), zone=registrant.timezone)
    body = ical.invitation(info, made, method=method, organizer=_sender(),
                           attendee=(registrant.name, registrant.email))
    return body.decode()
