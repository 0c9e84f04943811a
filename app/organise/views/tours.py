"""Console pages of a study tour: the tour and its legs, its applications, and the organisers'
decision on each."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from flask_babel import gettext as _
from flask_babel import ngettext

from app import clock
from app.applications import service
from app.form_fields import options, zone_select_choices
from app.models import Tour, TourLeg
from app.organise import scope, tours
from app.organise.forms import DecisionForm
from app.organise.language_fields import translated
from app.organise.tour_forms import LegForm, NewTourForm, TourForm
from app.organise.views.helpers import application_or_404, leg_or_404, tour_or_404, try_save
from app import labels

#: What a decision made of an application, as the flash says it.


def tour(slug: str | None):
    row = tour_or_404(slug) if slug else None
    language = scope.current().language
    form = translated(TourForm, Tour, language)(obj=row) if row else translated(NewTourForm, Tour, language)()
    if request.method == "GET" and row is not None:
        form.fill(row)
    owner = {} if row else {"programme_id": scope.current().id, "slug": form.slug.data}
    values = dict(title=form.title.data, description=form.description.data or "", audience=form.audience.data or "",
                  capacity=form.capacity.data, illustrative=form.illustrative.data) | form.translation_values(row)
    if form.validate_on_submit() and (saved := try_save(form, lambda: tours.save_tour(row, values | owner,
                                                                                        clock.now()))):
        row, changes = saved
        flash(_("Tour “%(title)s” saved.", title=row.title) if changes else _("Nothing changed."), "success")
        return redirect(url_for("organise.tour", slug=row.slug), code=303)
    return render_template("organise/tour_form.html", form=form, tour=row), 400 if form.errors else 200


def _leg_form(tour: Tour, row: TourLeg | None) -> LegForm:
    cities = [row.city] if row else tours.free_cities(tour)
    form = translated(LegForm, TourLeg, scope.current().language)()
    if row is not None:
        del form.city
        if request.method == "GET":
            form.process(data=dict(timezone=row.timezone, venue=row.venue_id or 0, host=row.host,
                                   position=row.position) | form.show_shape(row))
            form.fill(row)
    else:
        form.city.choices = options((c.id, c.name) for c in cities)
    form.city_zones = {(None if row else c.id): c.timezone for c in cities}
    form.timezone.choices = options([("", _("The city's zone"))]) + zone_select_choices(clock.now())
    form.venue.choices = options([(0, _("None"))] + [(v.id, v.name if row else f"{v.name} ({v.city.name})")
                                                  for v in tours.venues_in(cities)])
    return form


def _leg_values(form: LegForm, row: TourLeg | None) -> dict:
    """After validation: the zone is the city's when none was chosen."""
    values = dict(position=form.position.data or 0, host=form.host.data or "", timezone=form.timezone.data,
                  venue_id=form.venue.data or None) | ({} if row else {"city_id": form.city.data})
    return values | form.shape_values() | form.translation_values(row)


def leg(slug: str, city: str | None):
    tour = tour_or_404(slug)
    row = leg_or_404(tour, city) if city else None
    form = _leg_form(tour, row)
    if form.validate_on_submit() and (saved := try_save(form, lambda: tours.save_leg(
            tour, row, _leg_values(form, row), clock.now(), notify=form.notify.data))):
        row, changes, told = saved
        flash(ngettext("Leg in %(city)s saved; %(num)d participant emailed.",
                       "Leg in %(city)s saved; %(num)d participants emailed.", told, city=row.city.name)
              if changes else _("Nothing changed."), "success")
        return redirect(url_for("organise.tour", slug=tour.slug), code=303)
    return render_template("organise/leg_form.html", form=form, tour=tour, leg=row), 400 if form.errors else 200


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
        flash(_("The form expired or was incomplete. Please try again."), "error")
        return back
    try:
        (service.accept if form.decision.data == "accept" else service.decline)(application, clock.now())
    except service.DecisionError as error:
        flash(str(error), "error")
        return back
    flash(_("%(name)s (%(email)s): %(status)s. They were emailed.", name=application.registrant.name,
            email=application.registrant.email, status=labels.status(application.status, "application")),
          "success")
    return back
