"""Console pages of programmes: the list an organiser may edit (the console's front page), one
programme's overview (its events with their seminars' registrant counts, its cities, its recent
changes), and, for admins, a new programme and a programme's settings."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import audit, clock, languages
from app.i18n import language_name
from app.auth.grants import programmes_for
from app.auth.service import admin_required
from app.extensions import db
from app.form_fields import ActionForm, zone_select_choices
from app.models import Event, Programme, Tour
from app.organise import registrants, scope, service
from app.organise.forms import ProgrammeForm
from app.organise.language_fields import NewProgrammeSettingsForm, ProgrammeSettingsForm, translated
from app.organise.views.helpers import try_save


def listing():
    return render_template("organise/programmes.html", programmes=programmes_for(current_user))


def overview():
    programme = scope.current()
    events = sorted(db.session.scalars(sa.select(Event).where(Event.programme_id == programme.id,
                                                              Event.parent_id.is_(None))),
                    key=lambda e: (e.first_date, e.id))
    tours = db.session.scalars(sa.select(Tour).where(Tour.programme_id == programme.id).order_by(Tour.id)).all()
    counts = registrants.counts_of([s.id for e in events for s in e.seminars])
    return render_template("organise/dashboard.html", programme=programme, events=events, counts=counts,
                           cities=programme.cities, entries=audit.recent(8, programme=programme.slug), tours=tours,
                           action=ActionForm())


def _values(form: ProgrammeForm, programme: Programme | None = None) -> dict:
    return dict(title=form.title.data, description=form.description.data or "", timezone=form.timezone.data,
                first_day=form.first_day.data, last_day=form.last_day.data, status=form.status.data,
                language=form.language.data) | form.translation_values(programme)


def _saved(programme: Programme, changes: dict, was: str) -> str:
    if not changes:
        return _("Nothing changed.")
    message = _("Programme “%(title)s” saved.", title=programme.title)
    if "language" not in changes:
        return message
    return " ".join((message, _("Its main texts are now read as %(language)s; what they held before stays as "
                                "their %(previous)s version.", language=language_name(programme.language),
                                previous=language_name(was))))


@admin_required
def new():
    # A new programme's form is written in English (the default) until its language is chosen.
    form = translated(NewProgrammeSettingsForm, Programme, languages.DEFAULT)()
    form.timezone.choices = zone_select_choices(clock.now())
    if form.validate_on_submit() and (saved := try_save(form, lambda: service.save_programme(
            None, _values(form) | {"slug": form.slug.data}, clock.now()))):
        programme = saved[0]
        flash(_("Programme “%(title)s” added.", title=programme.title), "success")
        return redirect(url_for("organise.programme", programme=programme.slug), code=303)
    return render_template("organise/programme_form.html", form=form, programme=None), 400 if form.errors else 200


@admin_required
def edit():
    programme = scope.current()
    was = programme.language
    form = translated(ProgrammeSettingsForm, Programme, was)(obj=programme if request.method == "GET" else None)
    if request.method == "GET":
        form.fill(programme)
    form.timezone.choices = zone_select_choices(clock.now())
    if form.validate_on_submit() and (saved := try_save(form, lambda: service.save_programme(
            programme, _values(form, programme), clock.now()))):
        flash(_saved(programme, saved[1], was), "success")
        return redirect(url_for("organise.programme"), code=303)
    return render_template("organise/programme_form.html", form=form, programme=programme), \
        400 if form.errors else 200
