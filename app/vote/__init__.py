"""The "City of Your Choice" vote: cast by email, confirmed by link, revealed at the ceremony."""
from flask import Blueprint

from app.programme_scope import scope_blueprint

bp = Blueprint("vote", __name__)
scope_blueprint(bp)

from app.vote import routes  # noqa: E402,F401  (routes register on bp)
