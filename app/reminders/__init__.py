"""Reminders: which are due (``service.queue_due``, run by the scheduler), their email, and the
one-click stop link that List-Unsubscribe points at."""
from flask import Blueprint

bp = Blueprint("reminders", __name__)

from app.reminders import routes  # noqa: E402,F401  (registers the views on bp)
