"""Applying to join a study tour: apply, confirm by email (double opt-in), then the organisers
accept or decline; accepted participants get every leg in its city's time and their own."""
from flask import Blueprint

from app.programme_scope import scope_blueprint

bp = Blueprint("applications", __name__)
scope_blueprint(bp)

from app.applications import routes  # noqa: E402,F401  (routes register on bp)
