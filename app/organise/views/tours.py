"""Console pages of a study tour: its applications, and the organisers' decision on each."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from app import clock
from app.applications import service
from app.organise.forms import DecisionForm
from app.organise.views.helpers import application_or_404, tour_or_404


def applications(slug: str):
    tour = tour_or_404(slug)
    return render_template("organise/tour_applications.html", tour=tour, applications=service.applications_of(tour),
                           seats=service.seats_left(tour), accepted=service.accepted_count(tour), form=DecisionForm())


def decide(slug: str, application_id: int):
    """Accept or decline one application; the applicant is emailed in the same transaction."""
    tour = tour_or_404(slug)
    application = application_or_404(tour, application_id)
    form = DecisionForm()
    back = redirect(url_for("organise.tour_applications", slug=tour.slug), code=303)
    if not form.validate_on_submit():
        flash("The form expired or was incomplete. Please try again.", "error")
        return back
    try:
        (service.accept if form.decision.data == "accept" else service.decline)(application, clock.now())
    except service.DecisionError as error:
        flash(str(error), "error")
        return back
    flash(f"{application.registrant.name} ({application.registrant.email}): {application.status}. "
          "They were emailed.", "success")
    return back
