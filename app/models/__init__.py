"""The data model. Instants are UTC (``UTCDateTime``); rows with a local meaning keep their zone."""
from app.models.cities import City, Initiative
from app.models.events import Event
from app.models.fanouts import Fanout, FanoutKind, FanoutStatus
from app.models.organisers import AuditEntry, Organiser, Role
from app.models.outbox import OutboxMessage, OutboxStatus
from app.models.reminders import Reminder, ReminderStatus, SkipReason
from app.models.programmes import Programme, ProgrammeStatus, programme_cities, programme_editors
from app.models.registrations import FeedToken, Registrant, Registration, RegistrationStatus
from app.models.seminars import Seminar, SeminarStatus
from app.models.versioning import ProgrammeVersion
from app.models.tours import ApplicationStatus, Tour, TourApplication, TourLeg
from app.models.venues import Venue
from app.models.votes import Ballot, Vote

__all__ = [
    "ApplicationStatus", "AuditEntry", "Ballot", "City", "Event", "Fanout", "FanoutKind", "FanoutStatus", "FeedToken",
    "Initiative", "OutboxMessage",
    "Organiser", "OutboxStatus", "Programme", "ProgrammeStatus", "ProgrammeVersion", "Registrant", "Registration",
    "RegistrationStatus", "Reminder", "Role", "ReminderStatus", "SkipReason", "Seminar", "SeminarStatus", "Tour",
    "TourApplication", "TourLeg", "Venue", "Vote", "programme_cities", "programme_editors",
]
