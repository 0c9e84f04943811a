"""Registration: sign up, confirm by email, manage or cancel yourself, join through a personal link."""
from flask import Blueprint

from app.programme_scope import scope_blueprint

bp = Blueprint("registration", __name__)
scope_blueprint(bp)

from app.registration import routes  # noqa: E402,F401  (routes register on bp)
