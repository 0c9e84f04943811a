"""Console pages of the places: the cities taking part in a programme (the shortlist) and the
initiatives they present at its seminars."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from flask_babel import gettext as _

from app import clock
from app.models import City, Initiative
from app.organise import scope, service
from app.organise.forms import CityForm, InitiativeForm
from app.organise.language_fields import translated
from app.organise.views.helpers import city_or_404, initiative_or_404, seminars, try_save
from app.form_fields import ActionForm, options, zone_select_choices


def city(slug: str | None):
    row = city_or_404(slug) if slug else None
    form = translated(CityForm, City, scope.current().language)(obj=row if request.method == "GET" else None)
    if request.method == "GET" and row is not None:
        form.fill(row)
    form.timezone.choices = zone_select_choices(clock.now())
    values = dict(name=form.name.data, slug=form.slug.data, country=form.country.data,
                  region=form.region.data or "", timezone=form.timezone.data) | form.translation_values(row)
    if form.validate_on_submit() and (saved := try_save(form, lambda: service.save_city(
            row, values, clock.now(), scope.current()))):
        row, changes = saved
        flash(_("%(name)s saved.", name=row.name) if changes else _("Nothing changed."), "success")
        return redirect(url_for("organise.city", slug=row.slug), code=303)
    initiatives = [i for i in row.initiatives if i.seminar.event.programme_id == scope.current().id] if row else []
    return render_template("organise/city_form.html", form=form, city=row, initiatives=initiatives), \
        400 if form.errors else 200


def _initiative_form(initiative: Initiative | None) -> InitiativeForm:
    form = translated(InitiativeForm, Initiative, scope.current().language)(
        obj=initiative if request.method == "GET" else None)
    if request.method == "GET" and initiative is not None:
        form.city.data, form.seminar.data = initiative.city_id, initiative.seminar_id
        form.fill(initiative)
    elif request.method == "GET":
        form.city.data = request.args.get("city", type=int)
        form.seminar.data = request.args.get("seminar", type=int)
    form.city.choices = options((c.id, f"{c.name}, {c.country}") for c in scope.current().cities)
    form.seminar.choices = options((s.id, _("Seminar %(number)s: %(title)s", number=s.number, title=s.title))
                                   for s in seminars())
    return form


def initiative(initiative_id: int | None):
    row = initiative_or_404(initiative_id) if initiative_id is not None else None
    form = _initiative_form(row)
    values = dict(title=form.title.data, city_id=form.city.data, seminar_id=form.seminar.data,
                  position=form.position.data or 0) | form.translation_values(row)
    if form.validate_on_submit() and (
            saved := try_save(form, lambda: service.save_initiative(row, values, clock.now()))):
        row, changes = saved
        flash(_("Initiative saved.") if changes else _("Nothing changed."), "success")
        return redirect(url_for("organise.seminar", slug=row.seminar.slug) + "#initiatives", code=303)
    return render_template("organise/initiative_form.html", form=form, initiative=row, action=ActionForm()), \
        400 if form.errors else 200


def remove_initiative(initiative_id: int):
    row = initiative_or_404(initiative_id)
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form expired. Please go back to the page and try again."))
    slug = row.seminar.slug
    service.remove_initiative(row, clock.now())
    flash(_("Initiative removed."), "success")
    return redirect(url_for("organise.seminar", slug=slug) + "#initiatives", code=303)
