"""The data model. Instants are UTC (``UTCDateTime``); rows with a local meaning keep their zone."""
from app.models.cities import City, Initiative
from app.models.events import Event
from app.models.outbox import OutboxMessage, OutboxStatus
from app.models.reminders import Reminder, ReminderStatus, SkipReason
from app.models.registrations import FeedToken, Registrant, Registration, RegistrationStatus
from app.models.seminars import Seminar, SeminarStatus
from app.models.versioning import ProgrammeVersion

__all__ = ["City", "Event", "FeedToken", "Initiative", "OutboxMessage", "OutboxStatus", "ProgrammeVersion", "Registrant", "Registration",
           "RegistrationStatus", "Reminder", "ReminderStatus", "SkipReason", "Seminar", "SeminarStatus"]
