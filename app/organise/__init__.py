"""The organiser console: edit the programme through forms, see registrants, tell them, import
and export the programme file, read the audit log. Every page needs a signed-in organiser.

The URL table below is the whole console; each view lives in app/organise/views/<resource>.py.
"""
from flask import Blueprint
from flask_login import login_required

from app.organise.views import (accounts, audit_log, cities, events, programme, registrants, seminars, transfer,
                                votes)

bp = Blueprint("organise", __name__, url_prefix="/organise")

EDIT = ["GET", "POST"]
ID = "int(max=2147483647)"  # a PostgreSQL integer: a larger id is no page, not a database error


@bp.before_request
@login_required
def _signed_in_only():
    """Every view of this blueprint, including its CSV, JSON and file downloads."""


# The programme at a glance
bp.add_url_rule("/", "dashboard", programme.dashboard)

# Seminars, and the live preview of a seminar's times in other zones
bp.add_url_rule("/seminars/new", "new_seminar", seminars.new_seminar, methods=EDIT)
bp.add_url_rule("/seminars/<slug>", "seminar", seminars.seminar, methods=EDIT)
bp.add_url_rule("/times", "times", seminars.times)

# A seminar's registrants
bp.add_url_rule("/seminars/<slug>/registrants", "registrants", registrants.listing)
bp.add_url_rule("/seminars/<slug>/registrants.csv", "registrants_csv", registrants.csv_file)
bp.add_url_rule("/seminars/<slug>/announce", "announce", registrants.announce, methods=EDIT)

# Events
bp.add_url_rule("/events/new", "event", events.event, methods=EDIT, defaults={"slug": None})
bp.add_url_rule("/events/<slug>", "event", events.event, methods=EDIT)

# Cities and the initiatives they present
bp.add_url_rule("/cities/new", "city", cities.city, methods=EDIT, defaults={"slug": None})
bp.add_url_rule("/cities/<slug>", "city", cities.city, methods=EDIT)
bp.add_url_rule("/initiatives/new", "initiative", cities.initiative, methods=EDIT, defaults={"initiative_id": None})
bp.add_url_rule(f"/initiatives/<{ID}:initiative_id>", "initiative", cities.initiative, methods=EDIT)
bp.add_url_rule(f"/initiatives/<{ID}:initiative_id>/remove", "remove_initiative", cities.remove_initiative,
                methods=["POST"])

# Votes
bp.add_url_rule("/votes/<slug>", "vote_tally", votes.vote_tally)
bp.add_url_rule("/votes/<slug>/tally.csv", "vote_tally_csv", votes.vote_tally_csv)

# The programme file
bp.add_url_rule("/programme.yaml", "export", transfer.export)
bp.add_url_rule("/import", "import_file", transfer.import_file, methods=EDIT)
bp.add_url_rule("/import/apply", "apply_import", transfer.apply_import, methods=["POST"])

# Accounts (admins only) and the audit log
bp.add_url_rule("/accounts", "accounts", accounts.accounts, methods=EDIT)
bp.add_url_rule(f"/accounts/<{ID}:organiser_id>", "account", accounts.account, methods=["POST"])
bp.add_url_rule("/audit", "audit_log", audit_log.audit_log)
