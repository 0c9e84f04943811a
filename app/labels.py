"""Words for the codes rows store (kinds of event, statuses, roles, reminder offsets), in the
reader's language: stored values stay English codes; only what people read is translated."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

#: What each kind of event (app.models.events.EVENT_KINDS) is called.
KINDS = {"seminar-series": _l("Seminar series"), "vote": _l("Vote"), "ceremony": _l("Ceremony"),
         "forum": _l("Forum"), "meeting": _l("Meeting"), "reception": _l("Reception"), "visit": _l("Visit")}

#: The reminders on offer (app.models.reminders.REMINDER_CHOICES), in minutes before the start.
REMINDERS = {10080: _l("1 week before"), 1440: _l("24 hours before"), 180: _l("3 hours before"),
             60: _l("1 hour before"), 15: _l("15 minutes before")}

#: The fields of the rows the audit log records (seminars, events, cities, initiatives, tours,
#: their legs, programmes, accounts), as the console's forms label them; the log's keys are columns.
FIELDS = {"event_id": _l("Part of"), "parent_id": _l("Part of"), "number": _l("Number"), "slug": _l("Address name"),
          "kind": _l("Kind"), "title": _l("Title"), "theme": _l("Theme"), "description": _l("Description"),
          "location": _l("Location"), "timezone": _l("Time zone"), "first_day": _l("First day"),
          "last_day": _l("Last day"), "starts_at": _l("Starts"), "ends_at": _l("Ends"), "venue_id": _l("Venue"),
          "provisional": _l("Provisional"), "meeting_provider": _l("Meeting service"),
          "join_url": _l("Join address"), "meeting_id": _l("Meeting ID"), "passcode": _l("Passcode"),
          "capacity": _l("Seats"), "reminder_offsets": _l("Reminders"), "status": _l("Status"),
          "translations": _l("Texts in other languages"), "name": _l("Name"), "country": _l("Country"),
          "region": _l("Region"), "city_id": _l("City"), "seminar_id": _l("Presented at"), "position": _l("Order"),
          "audience": _l("Audience"), "illustrative": _l("Illustrative"), "host": _l("Host"),
          "language": _l("Language"), "serves_old_urls": _l("Old addresses"), "email": _l("Email"),
          "role": _l("Role"), "active": _l("Active"), "subject": _l("Subject")}

_STATUSES = {
    "application": {"pending": lazy_pgettext("tour application", "pending"),
                    "applied": lazy_pgettext("tour application", "applied"),
                    "waitlisted": lazy_pgettext("tour application", "waitlisted"),
                    "accepted": lazy_pgettext("tour application", "accepted"),
                    "declined": lazy_pgettext("tour application", "declined"),
                    "withdrawn": lazy_pgettext("tour application", "withdrawn")},
    "registration": {"pending": lazy_pgettext("registration", "pending"),
                     "confirmed": lazy_pgettext("registration", "confirmed"),
                     "waitlisted": lazy_pgettext("registration", "waitlisted"),
                     "cancelled": lazy_pgettext("registration", "cancelled")},
    "programme": {"draft": lazy_pgettext("programme", "draft"), "published": lazy_pgettext("programme", "published"),
                  "archived": lazy_pgettext("programme", "archived")},
    "role": {"admin": lazy_pgettext("organiser role", "admin"), "editor": lazy_pgettext("organiser role", "editor")},
}


def kind(code: str) -> str:
    """An event's or a session's kind (an unknown one as stored, capitalised)."""
    return str(KINDS.get(code, code.replace("-", " ").capitalize()))


def field(key: str) -> str:
    """A recorded field as the forms label it (an unknown one as stored)."""
    return str(FIELDS.get(key, key))


def status(code: str, of: str) -> str:
    """The status ``code`` of an ``application``, ``registration``, ``programme`` or ``role``."""
    return str(_STATUSES[of].get(code, code))
