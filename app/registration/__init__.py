"""Registration: sign up, confirm by email, manage or cancel yourself, join through a personal link."""
from flask import Blueprint

bp = Blueprint("registration", __name__)

from app.registration import routes  # noqa: E402,F401  (routes register on bp)
