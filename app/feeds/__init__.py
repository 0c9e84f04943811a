"""iCalendar feeds: the programme, a city, a seminar, a study tour, and a registrant's personal feed."""
from flask import Blueprint

bp = Blueprint("feeds", __name__, url_prefix="/calendars")

from app.feeds import routes  # noqa: E402,F401  (routes register on bp)
