"""Public programme pages: home, programme, seminars and cities."""
from flask import Blueprint

bp = Blueprint("programme", __name__)

from app.programme import routes  # noqa: E402,F401  (routes register on bp)
