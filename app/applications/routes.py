"""Application pages: a view validates, calls the service, then redirects or renders."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app import clock, i18n
from app.applications import bp, service
from app.applications.forms import ApplicationForm, ConfirmForm
from app.extensions import db, limiter
from app.form_fields import zone_select_choices
from app.models import Tour
from app.ratelimits import address_key, invalid_address
from app import labels

_address_key = address_key("tour-address")


@bp.app_template_global()
def application_status(status: str) -> str:
    return labels.status(status, "application")


def _tour(slug: str) -> Tour:
    return db.first_or_404(sa.select(Tour).where(Tour.slug == slug, Tour.programme_id == g.programme.id),
                           description=_("There is no tour “%(slug)s” in this programme.", slug=slug[:80]))


@bp.route("/p/<programme>/tours/<slug>/apply", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTRATION_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["REGISTRATION_ADDRESS_LIMIT"], methods=["POST"], key_func=_address_key,
               exempt_when=invalid_address(_address_key))
def apply(slug: str):
    now, tour = clock.now(), _tour(slug)
    closed = service.closed_reason(tour, now)
    form = ApplicationForm()
    if request.method == "GET":
        form.timezone.data = g.zone.name
    elif closed is None and form.validate_on_submit():
        service.apply(tour, service.Request(
            name=form.name.data.strip(), email=form.email.data, organisation=form.organisation.data.strip(),
            note=(form.note.data or "").strip(), timezone=form.timezone.data, language=i18n.current_code()), now)
        return redirect(url_for("applications.sent", slug=tour.slug), code=303)
    form.timezone.choices = zone_select_choices(now)
    status = 400 if request.method == "POST" else 200
    return render_template("applications/apply.html", form=form, tour=tour, closed=closed,
                           seats=service.seats_left(tour)), status


@bp.get("/p/<programme>/tours/<slug>/apply/sent")
def sent(slug: str):
    return render_template("applications/sent.html", tour=_tour(slug))


@bp.route("/tours/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """A GET only shows the button (mail scanners follow links); the POST confirms."""
    now = clock.now()
    try:
        application = service.read_confirmation_token(token, now)
    except service.LinkError as error:
        return render_template("applications/link_problem.html", message=str(error)), 400
    form = ConfirmForm()
    if form.validate_on_submit():
        application = service.confirm(token, now)
        return render_template("applications/confirmed.html", application=application,
                               closed=service.closed_reason(application.tour, now))
    return render_template("applications/confirm.html", application=application, form=form,
                           closed=service.closed_reason(application.tour, now))
