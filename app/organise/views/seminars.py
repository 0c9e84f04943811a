"""Console pages of a seminar: add one, edit one (what an edit sets off is reported in the flash),
and the live preview of its times in other zones."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from babel.lists import format_list
from flask import flash, redirect, render_template, request, url_for

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app import audit, clock, labels, time_problems
from app.extensions import db
from app.models import Event, Seminar
from app.models.reminders import DEFAULT_REMINDERS
from app.organise import registrants, scope
from app.organise.forms import SeminarForm
from app.organise.progress import emails_progress
from app.organise.language_fields import translated
from app.seminars.edit import add_seminar, save_seminar
from app.seminars.fields import SeminarData
from calendars.walltimes import TimeProblem, preview, resolve, stored_fold
from app.organise.views.helpers import seminar_or_404, seminars, try_save
from app.form_fields import options, zone_select_choices
from app.i18n import cldr


def _seminar_form(seminar: Seminar | None) -> SeminarForm:
    data = None
    if request.method == "GET" and seminar is not None:
        start, end = seminar.local_start, seminar.local_end
        data = dict(event=seminar.event_id, number=seminar.number, slug=seminar.slug, title=seminar.title,
                    theme=seminar.theme, timezone=seminar.timezone, date=start.date(), start=start.time(),
                    end=end.time(), end_date=end.date() if end.date() != start.date() else None,
                    start_fold=str(start.fold) if stored_fold(start, seminar.timezone) else None,
                    end_fold=str(end.fold) if stored_fold(end, seminar.timezone) else None,
                    meeting_provider=seminar.meeting_provider, join_url=seminar.join_url,
                    meeting_id=seminar.meeting_id, passcode=seminar.passcode, capacity=seminar.capacity,
                    reminders=list(seminar.reminder_offsets), status=seminar.status,
                    loaded=seminar.updated_at.isoformat())
    elif request.method == "GET":
        taken = max((s.number for s in seminars()), default=0)
        data = dict(number=taken + 1, reminders=list(DEFAULT_REMINDERS))
    form = translated(SeminarForm, Seminar, scope.current().language)(data=data)
    if request.method == "GET" and seminar is not None:
        form.fill(seminar)
    own = seminar.event_id if seminar else -1  # a seminar keeps its event, whatever that event's kind
    form.event.choices = options((e.id, e.title) for e in db.session.scalars(
        sa.select(Event).where(Event.programme_id == scope.current().id,
                               sa.or_(Event.kind == "seminar-series", Event.id == own)).order_by(Event.id)))
    form.timezone.choices = zone_select_choices(clock.now())
    if request.method == "GET" and seminar is not None:
        for fold, local in ((form.start_fold, seminar.local_start), (form.end_fold, seminar.local_end)):
            if problem := stored_fold(local, seminar.timezone):
                fold.choices, fold.ambiguous = options(time_problems.fold_choices(problem)), True
    return form


def _seminar_data(form: SeminarForm, seminar: Seminar | None = None) -> SeminarData:
    return SeminarData(
        event_id=form.event.data, number=form.number.data, slug=form.slug.data or f"seminar-{form.number.data}",
        title=form.title.data, theme=form.theme.data or "", timezone=form.timezone.data,
        starts_at=form.starts_at, ends_at=form.ends_at, meeting_provider=form.meeting_provider.data or "",
        join_url=form.join_url.data or "", meeting_id=form.meeting_id.data or "", passcode=form.passcode.data or "",
        capacity=form.capacity.data, reminder_offsets=sorted(set(form.reminders.data or []), reverse=True),
        status=form.status.data, translations=form.translations(seminar))


def _times_preview(form: SeminarForm):
    return preview(form.starts_at, form.ends_at, form.timezone.data, cldr()) if form.starts_at else None


def new_seminar():
    form = _seminar_form(None)
    if not form.event.choices:
        flash(_("Add an event of kind “Seminar series” first: seminars belong to one."), "info")
        return redirect(url_for("organise.event"))
    if form.validate_on_submit() and (
            saved := try_save(form, lambda: add_seminar(_seminar_data(form), now=clock.now()))):
        flash(_("Seminar %(number)s added.", number=saved.seminar.number), "success")
        return redirect(url_for("organise.seminar", slug=saved.seminar.slug), code=303)
    return render_template("organise/seminar_form.html", form=form, seminar=None, times=_times_preview(form)), \
        400 if form.errors else 200


def seminar(slug: str):
    seminar = seminar_or_404(slug)
    form = _seminar_form(seminar)
    if form.validate_on_submit():
        saved = try_save(form, lambda: save_seminar(seminar, _seminar_data(form, seminar), now=clock.now(),
                                                    notify=form.notify.data, note=form.note.data or "",
                                                    loaded=form.loaded.data or ""))
        if saved:
            flash(_saved_message(saved), "success")
            return redirect(url_for("organise.seminar", slug=saved.seminar.slug), code=303)
    elif request.method == "GET":
        form.starts_at, form.ends_at = seminar.starts_at, seminar.ends_at
    return render_template("organise/seminar_form.html", form=form, seminar=seminar, times=_times_preview(form),
                           counts=registrants.counts(seminar), emails_progress=emails_progress(seminar),
                           entries=audit.recent(20, key=seminar.slug, kind="seminar")), \
        400 if form.errors else 200


def _saved_message(saved) -> str:
    """One sentence per consequence, joined by spaces (each a whole sentence for translators)."""
    number = saved.seminar.number
    if not saved.changes:
        return _("Nothing changed in Seminar %(number)s.", number=number)
    fields = format_list([labels.field(key) for key in saved.changes], locale=cldr())
    sentences = [_("Seminar %(number)s saved (%(fields)s).", number=number, fields=fields)]
    if saved.cancelled or saved.moved:
        told = saved.report.told
        sentences.append(ngettext("Emails are being queued to %(num)d registrant.",
                                  "Emails are being queued to %(num)d registrants.", told)
                         if told else _("No registrant was emailed."))
    if stale := saved.report.stale_updates:
        sentences.append(ngettext("%(num)d earlier update email not sent yet was withdrawn: it gave a time that is "
                                  "no longer true.",
                                  "%(num)d earlier update emails not sent yet were withdrawn: they gave a time that "
                                  "is no longer true.", stale))
    if saved.promoted:
        sentences.append(_("%(count)s moved up from the waiting list.", count=saved.promoted))
    return " ".join(sentences)


def times():
    """The live preview of the seminar form: the typed times in a few attendee zones (HTML)."""
    args = request.args
    try:
        day, start, end = _arg("date", dt.date.fromisoformat), _arg("start", dt.time.fromisoformat), \
            _arg("end", dt.time.fromisoformat)
        if day is None or start is None or end is None:
            raise ValueError(_("Fill in the date, start and end to see the times in other zones."))
        starts_at, ends_at = resolve(day, start, end, _arg("end_date", dt.date.fromisoformat),
                                     args.get("timezone", ""), args.get("start_fold"), args.get("end_fold"))
        rows = preview(starts_at, ends_at, args["timezone"], cldr())
    except TimeProblem as problem:
        return render_template("organise/_times.html", times=None, problem=time_problems.form_problem(problem))
    except (ValueError, OverflowError) as problem:
        return render_template("organise/_times.html", times=None, problem=str(problem))
    return render_template("organise/_times.html", times=rows, problem=None)


_ARG_LABELS = {"date": _l("Date"), "start": _l("Starts"), "end": _l("Ends"), "end_date": _l("Ends on")}


def _arg(name: str, parse):
    raw = request.args.get(name, "").strip()[:40]
    if not raw:
        return None
    try:
        return parse(raw)
    except ValueError:
        if "date" in name:
            message = _("%(field)s: “%(value)s” is not a valid date (YYYY-MM-DD).", field=_ARG_LABELS[name], value=raw)
        else:
            message = _("%(field)s: “%(value)s” is not a valid time (HH:MM).", field=_ARG_LABELS[name], value=raw)
        raise ValueError(message) from None
