"""Console pages of a programme's events (a seminar series, a conference, a vote): add one, edit one."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from flask_babel import gettext as _

from app import clock
from app.models import Event
from app.organise import scope, service
from app.organise.forms import EventForm
from app.organise.language_fields import translated
from app.organise.views.helpers import event_or_404, try_save
from app.form_fields import zone_select_choices


def _event_values(form: EventForm, event: Event | None) -> dict:
    return dict(slug=form.slug.data, kind=form.kind.data, title=form.title.data,
                description=form.description.data or "", location=form.location.data,
                timezone=form.timezone.data) | form.shape_values() | form.translation_values(event)


def _event_form(event: Event | None) -> EventForm:
    form = translated(EventForm, Event, scope.current().language)()
    if request.method == "GET" and event is not None:
        form.process(data=dict(slug=event.slug, kind=event.kind, title=event.title, description=event.description,
                               location=event.location, timezone=event.timezone) | form.show_shape(event))
        form.fill(event)
    form.timezone.choices = zone_select_choices(clock.now())
    return form


def event(slug: str | None):
    row = event_or_404(slug) if slug else None
    form = _event_form(row)
    owner = {} if row else {"programme_id": scope.current().id}
    if form.validate_on_submit() and (saved := try_save(form, lambda: service.save_event(
            row, _event_values(form, row) | owner, clock.now()))):
        row, changes = saved
        flash(_("Event “%(title)s” saved.", title=row.title) if changes else _("Nothing changed."), "success")
        return redirect(url_for("organise.event", slug=row.slug), code=303)
    return render_template("organise/event_form.html", form=form, event=row), 400 if form.errors else 200
