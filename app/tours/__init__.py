"""Study tours of a programme: the list and each tour's itinerary (its feed is in app/feeds/)."""
from flask import Blueprint

from app.programme_scope import scope_blueprint

bp = Blueprint("tours", __name__)
scope_blueprint(bp)

from app.tours import routes  # noqa: E402,F401  (routes register on bp)
