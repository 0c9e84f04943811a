"""The organiser console: edit the programme through forms, see registrants, tell them, import
and export the programme file, read the audit log. Every page needs a signed-in organiser.

The URL table below is the whole console; each view lives in app/organise/views/<resource>.py.
"""
from flask import Blueprint
from flask_login import login_required

from app.organise import views

bp = Blueprint("organise", __name__, url_prefix="/organise")

EDIT = ["GET", "POST"]
ID = "int(max=2147483647)"  # a PostgreSQL integer: a larger id is no page, not a database error


@bp.before_request
@login_required
def _signed_in_only():
    """Every view of this blueprint, including its CSV, JSON and file downloads."""


# The programme at a glance
bp.add_url_rule("/", "dashboard", views.programme.dashboard)

# Seminars, and the live preview of a seminar's times in other zones
bp.add_url_rule("/seminars/new", "new_seminar", views.seminars.new_seminar, methods=EDIT)
bp.add_url_rule("/seminars/<slug>", "seminar", views.seminars.seminar, methods=EDIT)
bp.add_url_rule("/times", "times", views.seminars.times)

# A seminar's registrants
bp.add_url_rule("/seminars/<slug>/registrants", "registrants", views.registrants.listing)
bp.add_url_rule("/seminars/<slug>/registrants.csv", "registrants_csv", views.registrants.csv_file)
bp.add_url_rule("/seminars/<slug>/announce", "announce", views.registrants.announce, methods=EDIT)

# Events
bp.add_url_rule("/events/new", "event", views.events.event, methods=EDIT, defaults={"slug": None})
bp.add_url_rule("/events/<slug>", "event", views.events.event, methods=EDIT)

# Cities and the initiatives they present
bp.add_url_rule("/cities/new", "city", views.cities.city, methods=EDIT, defaults={"slug": None})
bp.add_url_rule("/cities/<slug>", "city", views.cities.city, methods=EDIT)
bp.add_url_rule("/initiatives/new", "initiative", views.cities.initiative, methods=EDIT,
                defaults={"initiative_id": None})
bp.add_url_rule(f"/initiatives/<{ID}:initiative_id>", "initiative", views.cities.initiative, methods=EDIT)
bp.add_url_rule(f"/initiatives/<{ID}:initiative_id>/remove", "remove_initiative", views.cities.remove_initiative,
                methods=["POST"])

# Votes
bp.add_url_rule("/votes/<slug>", "vote_tally", views.votes.vote_tally)
bp.add_url_rule("/votes/<slug>/tally.csv", "vote_tally_csv", views.votes.vote_tally_csv)

# The programme file
bp.add_url_rule("/programme.yaml", "export", views.transfer.export)
bp.add_url_rule("/import", "import_file", views.transfer.import_file, methods=EDIT)
bp.add_url_rule("/import/apply", "apply_import", views.transfer.apply_import, methods=["POST"])

# Accounts (admins only) and the audit log
bp.add_url_rule("/accounts", "accounts", views.accounts.accounts, methods=EDIT)
bp.add_url_rule(f"/accounts/<{ID}:organiser_id>", "account", views.accounts.account, methods=["POST"])
bp.add_url_rule("/audit", "audit_log", views.audit_log.audit_log)
