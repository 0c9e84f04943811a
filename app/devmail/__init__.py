"""Development only: a local SMTP catcher (``flask --app wsgi devmail run``) and a page that shows
what it caught (/dev/mail), so a newcomer sees the whole mail loop without a mail account."""
from flask import Blueprint

bp = Blueprint("devmail", __name__, url_prefix="/dev/mail")

from app.devmail import routes  # noqa: E402,F401  (routes register on bp)
