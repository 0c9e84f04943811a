from __future__ import annotations

from urllib.parse import unquote

from flask import current_app, g, has_request_context, redirect, render_template, request

from app import clock, time_problems
from app.timezones import bp
from app.timezones.service import BROWSER_COOKIE, CHOSEN_COOKIE, resolve, safe_next, zone_groups
from calendars import zones

ONE_YEAR = 365 * 24 * 3600


#: Endpoints whose responses do not depend on the visitor's zone (and must not fail on a bad ?tz).
_ZONELESS = {None, "static"}
#: Blueprints that read ?tz themselves and never use the visitor's cookies (calendar feeds).
_OWN_ZONE = {"feeds"}


@bp.before_app_request
def load_visitor_zone():
    if request.endpoint in _ZONELESS or request.blueprint in _OWN_ZONE:
        return
    chosen, browser = request.cookies.get(CHOSEN_COOKIE), unquote(request.cookies.get(BROWSER_COOKIE, ""))
    default = current_app.config["ORGANISER_TIMEZONE"]
    try:
        g.zone = resolve(request.args.get("tz"), chosen, browser, default)
    except zones.UnknownZone as error:
        # A page still answers, in the zone in use without the address's ?tz, and says why;
        # feeds (their own ?tz) keep refusing with a 400.
        g.zone = resolve(None, chosen, browser, default)
        g.zone_refused = time_problems.zone_refusal(error.name)


@bp.after_app_request
def remember_visitor_zone(response):
    zone = g.get("zone")
    if zone is not None and zone.source == "query" and request.endpoint != "timezones.follow_device":
        response.set_cookie(CHOSEN_COOKIE, zone.name, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
    return response


@bp.app_context_processor
def inject_zone():
    if not has_request_context():  # an email rendered by a job: there is no visitor
        return {}
    return {"visitor_zone": g.get("zone"), "zone_refused": g.get("zone_refused"), "here": safe_next(request.path)}


@bp.get("/timezone")
def picker():
    now = clock.now()
    return render_template("timezones/picker.html", groups=zone_groups(now),
                           next_path=safe_next(request.args.get("next")))


@bp.get("/timezone/auto")
def follow_device():
    """Forget the chosen zone, so pages follow the browser's zone again (a preference, like ?tz=)."""
    response = redirect(safe_next(request.args.get("next")), code=303)
    response.delete_cookie(CHOSEN_COOKIE, samesite="Lax", httponly=True)
    return response
