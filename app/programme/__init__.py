"""Public programme pages: home, programme, seminars and cities."""
from flask import Blueprint

from app.programme_scope import scope_blueprint

bp = Blueprint("programme", __name__)
scope_blueprint(bp)

from app.programme import routes  # noqa: E402,F401  (routes register on bp)
