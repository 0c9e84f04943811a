"""The data model. Instants are UTC (``UTCDateTime``); rows with a local meaning keep their zone."""
from app.models.cities import City, Initiative
from app.models.events import Event
from app.models.seminars import Seminar, SeminarStatus

__all__ = ["City", "Event", "Initiative", "Seminar", "SeminarStatus"]
