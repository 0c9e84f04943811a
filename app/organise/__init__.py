"""The organiser console: edit each programme through forms, see registrants, tell them, import
and export a programme file, read the audit log. Every page needs a signed-in organiser; the pages
under /p/<programme>/ also need one who may edit that programme (app/organise/scope.py).

The URL table below is the whole console; each view lives in app/organise/views/<resource>.py.
"""
from flask import Blueprint
from flask_login import login_required

from app.organise import scope, views

bp = Blueprint("organise", __name__, url_prefix="/organise")

EDIT = ["GET", "POST"]
ID = "int(max=2147483647)"  # a PostgreSQL integer: a larger id is no page, not a database error
P = "/p/<programme>"  # a programme's pages: scope.py checks it and fills it into url_for


@bp.before_request
@login_required
def _signed_in_only():
    """Every view of this blueprint, including its CSV, JSON and file downloads."""


bp.url_value_preprocessor(scope.take_slug)
bp.before_request(scope.check)
bp.url_defaults(scope.fill_slug)

# The programmes this organiser edits (all for an admin); admins add one and change its settings
bp.add_url_rule("/", "dashboard", views.programmes.listing)
bp.add_url_rule("/programmes/new", "new_programme", views.programmes.new, methods=EDIT)
bp.add_url_rule(f"{P}/", "programme", views.programmes.overview)
bp.add_url_rule(f"{P}/edit", "edit_programme", views.programmes.edit, methods=EDIT)

# Seminars, and the live preview of a seminar's times in other zones (any programme's)
bp.add_url_rule(f"{P}/seminars/new", "new_seminar", views.seminars.new_seminar, methods=EDIT)
bp.add_url_rule(f"{P}/seminars/<slug>", "seminar", views.seminars.seminar, methods=EDIT)
bp.add_url_rule("/times", "times", views.seminars.times)

# A seminar's registrants
bp.add_url_rule(f"{P}/seminars/<slug>/registrants", "registrants", views.registrants.listing)
bp.add_url_rule(f"{P}/seminars/<slug>/registrants.csv", "registrants_csv", views.registrants.csv_file)
bp.add_url_rule(f"{P}/seminars/<slug>/announce", "announce", views.registrants.announce, methods=EDIT)

# Events
bp.add_url_rule(f"{P}/events/new", "event", views.events.event, methods=EDIT, defaults={"slug": None})
bp.add_url_rule(f"{P}/events/<slug>", "event", views.events.event, methods=EDIT)

# Cities taking part (a city is shared: adding one here makes it take part) and their initiatives
bp.add_url_rule(f"{P}/cities/new", "city", views.cities.city, methods=EDIT, defaults={"slug": None})
bp.add_url_rule(f"{P}/cities/<slug>", "city", views.cities.city, methods=EDIT)
bp.add_url_rule(f"{P}/initiatives/new", "initiative", views.cities.initiative, methods=EDIT,
                defaults={"initiative_id": None})
bp.add_url_rule(f"{P}/initiatives/<{ID}:initiative_id>", "initiative", views.cities.initiative, methods=EDIT)
bp.add_url_rule(f"{P}/initiatives/<{ID}:initiative_id>/remove", "remove_initiative",
                views.cities.remove_initiative, methods=["POST"])

# Votes
bp.add_url_rule(f"{P}/votes/<slug>", "vote_tally", views.votes.vote_tally)
bp.add_url_rule(f"{P}/votes/<slug>/tally.csv", "vote_tally_csv", views.votes.vote_tally_csv)

# Study tours: a tour and its legs (a leg is named by its city), the applications to each, the decision on one
bp.add_url_rule(f"{P}/tours/new", "tour", views.tours.tour, methods=EDIT, defaults={"slug": None})
bp.add_url_rule(f"{P}/tours/<slug>", "tour", views.tours.tour, methods=EDIT)
bp.add_url_rule(f"{P}/tours/<slug>/legs/new", "tour_leg", views.tours.leg, methods=EDIT, defaults={"city": None})
bp.add_url_rule(f"{P}/tours/<slug>/legs/<city>", "tour_leg", views.tours.leg, methods=EDIT)
bp.add_url_rule(f"{P}/tours/<slug>/applications", "tour_applications", views.tours.applications)
bp.add_url_rule(f"{P}/tours/<slug>/applications/<{ID}:application_id>", "decide_application", views.tours.decide,
                methods=["POST"])

# The programme file
bp.add_url_rule(f"{P}/programme.yaml", "export", views.transfer.export)
bp.add_url_rule(f"{P}/import", "import_file", views.transfer.import_file, methods=EDIT)
bp.add_url_rule(f"{P}/import/apply", "apply_import", views.transfer.apply_import, methods=["POST"])

# Accounts and their programmes (admins only), and the audit log of every programme
bp.add_url_rule("/accounts", "accounts", views.accounts.accounts, methods=EDIT)
bp.add_url_rule(f"/accounts/<{ID}:organiser_id>", "account", views.accounts.account, methods=["POST"])
bp.add_url_rule("/audit", "audit_log", views.audit_log.audit_log)
# The signed-in organiser's own account (the console's language)
bp.add_url_rule("/account", "own_account", views.accounts.own_account, methods=EDIT)

# Addresses from before programmes (bookmarks): a GET goes to the same page of the row's programme
OLD_URLS = {"/seminars/<slug>": "seminar", "/seminars/<slug>/registrants": "registrants",
            "/seminars/<slug>/registrants.csv": "registrants_csv", "/seminars/<slug>/announce": "announce",
            "/events/<slug>": "event", "/votes/<slug>": "vote_tally", "/votes/<slug>/tally.csv": "vote_tally_csv",
            f"/initiatives/<{ID}:initiative_id>": "initiative"}
for old, endpoint in OLD_URLS.items():
    bp.add_url_rule(old, f"old_{endpoint}", views.old_urls.moved, defaults={"to": endpoint})
