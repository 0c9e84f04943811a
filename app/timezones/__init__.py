"""The visitor's zone: chosen (?tz=, remembered in a cookie), detected, or the organisers'."""
from flask import Blueprint

bp = Blueprint("timezones", __name__)

from app.timezones import routes  # noqa: E402,F401  (routes register on bp)
