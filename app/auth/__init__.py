"""Organisers' accounts: sign-in and sign-out of the console, roles, and the `organisers` CLI."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/organise")

from app.auth import routes  # noqa: E402,F401  (routes register on bp)
