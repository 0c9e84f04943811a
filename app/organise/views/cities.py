"""Console pages of the places: cities (the shortlist) and the initiatives they present at seminars."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for

from app import clock, programme_scope
from app.extensions import db
from app.models import City, Initiative, Seminar
from app.organise import service
from app.organise.forms import CityForm, InitiativeForm
from app.organise.views.helpers import missing, try_save
from app.form_fields import ActionForm, options, zone_select_choices


def city(slug: str | None):
    row = db.one_or_404(sa.select(City).filter_by(slug=slug), description=missing(City)) if slug else None
    form = CityForm(obj=row if request.method == "GET" else None)
    form.timezone.choices = zone_select_choices(clock.now())
    values = dict(name=form.name.data, slug=form.slug.data, country=form.country.data,
                  region=form.region.data or "", timezone=form.timezone.data)
    if form.validate_on_submit() and (saved := try_save(form, lambda: service.save_city(row, values, clock.now()))):
        row, changes = saved
        if (programme := programme_scope.serving_old_urls()) is not None and row not in programme.cities:
            programme.cities.append(row)
            db.session.commit()
        flash(f"{row.name} saved." if changes else "Nothing changed.", "success")
        return redirect(url_for("organise.city", slug=row.slug), code=303)
    return render_template("organise/city_form.html", form=form, city=row), 400 if form.errors else 200


def _initiative_form(initiative: Initiative | None) -> InitiativeForm:
    form = InitiativeForm(obj=initiative if request.method == "GET" else None)
    if request.method == "GET" and initiative is not None:
        form.city.data, form.seminar.data = initiative.city_id, initiative.seminar_id
    elif request.method == "GET":
        form.city.data = request.args.get("city", type=int)
        form.seminar.data = request.args.get("seminar", type=int)
    form.city.choices = options((c.id, f"{c.name}, {c.country}") for c in db.session.scalars(
        sa.select(City).order_by(City.name)))
    form.seminar.choices = options((s.id, f"Seminar {s.number}: {s.title}") for s in db.session.scalars(
        sa.select(Seminar).order_by(Seminar.starts_at)))
    return form


def initiative(initiative_id: int | None):
    row = (db.get_or_404(Initiative, initiative_id, description=missing(Initiative))
           if initiative_id is not None else None)
    form = _initiative_form(row)
    values = dict(title=form.title.data, city_id=form.city.data, seminar_id=form.seminar.data,
                  position=form.position.data or 0)
    if form.validate_on_submit() and (
            saved := try_save(form, lambda: service.save_initiative(row, values, clock.now()))):
        row, changes = saved
        flash("Initiative saved." if changes else "Nothing changed.", "success")
        return redirect(url_for("organise.seminar", slug=row.seminar.slug) + "#initiatives", code=303)
    return render_template("organise/initiative_form.html", form=form, initiative=row, action=ActionForm()), \
        400 if form.errors else 200


def remove_initiative(initiative_id: int):
    row = db.get_or_404(Initiative, initiative_id, description=missing(Initiative))
    if not ActionForm().validate_on_submit():
        abort(400, description="The form expired. Please go back to the page and try again.")
    slug = row.seminar.slug
    service.remove_initiative(row, clock.now())
    flash("Initiative removed.", "success")
    return redirect(url_for("organise.seminar", slug=slug) + "#initiatives", code=303)
