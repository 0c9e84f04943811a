"""The organiser console: edit the programme through forms, see registrants, tell them, import
and export the programme file, read the audit log. Every page needs a signed-in organiser."""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("organise", __name__, url_prefix="/organise")


@bp.before_request
@login_required
def _signed_in_only():
    """Every view of this blueprint, including its CSV, JSON and file downloads."""


from app.organise import routes, routes_people, routes_transfer, routes_vote  # noqa: E402,F401  (routes register on bp)
