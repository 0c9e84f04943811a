"""Console pages for the programme: the overview and the forms for seminars, events, cities and
initiatives. A view validates, calls a service, then redirects or renders."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for

from app import audit
from app.extensions import db
from app.models import City, Event, Initiative, Seminar
from app.models.reminders import DEFAULT_REMINDERS
from app.organise import bp, people, service
from app.organise.forms import CityForm, EventForm, InitiativeForm, SeminarForm
from app.organise.seminars import FieldError, SeminarData, add_seminar, save_seminar
from app.organise.times import TimeProblem, preview, resolve, stored_fold
from app.registration.forms import ActionForm, options, zone_select_choices


def _now():
    return current_app.config["CLOCK"]()


def get_or_404(model, **by):
    """The row with these values; slugs longer than any stored one are not looked up."""
    if any(isinstance(v, str) and len(v) > 200 for v in by.values()):
        abort(404)
    return db.session.scalar(sa.select(model).filter_by(**by)) or abort(
        404, description=f"There is no such {model.__name__.lower()}; it may have been renamed or removed.")


def csv_download(text: str, filename: str) -> Response:
    """A CSV file to save, never cached; the BOM makes Excel read it as UTF-8 (São Paulo stays intact)."""
    return Response(("\ufeff" + text).encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


def _try_save(form, save):
    """``save()``'s result; a FieldError goes beside its field, nothing is saved, and None comes back."""
    try:
        return save()
    except FieldError as error:
        db.session.rollback()
        getattr(form, error.field).errors.append(str(error))
        return None


@bp.route("/")
def dashboard():
    events = sorted(db.session.scalars(sa.select(Event)), key=lambda e: (e.first_date, e.id))
    counts = people.counts_of([s.id for e in events for s in e.seminars])
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    return render_template("organise/dashboard.html", events=events, counts=counts, cities=cities,
                           entries=audit.recent(8), action=ActionForm())


# --- seminars ---------------------------------------------------------------------------------

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
        taken = db.session.scalar(sa.select(sa.func.max(Seminar.number))) or 0
        data = dict(number=taken + 1, reminders=list(DEFAULT_REMINDERS))
    form = SeminarForm(data=data)
    form.event.choices = options((e.id, e.title) for e in db.session.scalars(
        sa.select(Event).where(sa.or_(Event.kind == "seminar-series", Event.id == (seminar.event_id if seminar else -1)))
        .order_by(Event.id)))
    form.timezone.choices = zone_select_choices(_now())
    if request.method == "GET" and seminar is not None:
        for fold, local in ((form.start_fold, seminar.local_start), (form.end_fold, seminar.local_end)):
            if problem := stored_fold(local, seminar.timezone):
                fold.choices, fold.ambiguous = options(problem.choices), True
    return form


def _seminar_data(form: SeminarForm) -> SeminarData:
    return SeminarData(
        event_id=form.event.data, number=form.number.data, slug=form.slug.data or f"seminar-{form.number.data}",
        title=form.title.data, theme=form.theme.data or "", timezone=form.timezone.data,
        starts_at=form.starts_at, ends_at=form.ends_at, meeting_provider=form.meeting_provider.data or "",
        join_url=form.join_url.data or "", meeting_id=form.meeting_id.data or "", passcode=form.passcode.data or "",
        capacity=form.capacity.data, reminder_offsets=sorted(set(form.reminders.data or []), reverse=True),
        status=form.status.data)


def _times_preview(form: SeminarForm):
    return preview(form.starts_at, form.ends_at, form.timezone.data) if form.starts_at else None


@bp.route("/seminars/new", methods=["GET", "POST"])
def new_seminar():
    form = _seminar_form(None)
    if not form.event.choices:
        flash("Add an event of kind “Seminar series” first: seminars belong to one.", "info")
        return redirect(url_for("organise.event"))
    if form.validate_on_submit() and (saved := _try_save(form, lambda: add_seminar(_seminar_data(form), now=_now()))):
        flash(f"Seminar {saved.seminar.number} added.", "success")
        return redirect(url_for("organise.seminar", slug=saved.seminar.slug), code=303)
    return render_template("organise/seminar_form.html", form=form, seminar=None, times=_times_preview(form)), \
        400 if form.errors else 200


@bp.route("/seminars/<slug>", methods=["GET", "POST"])
def seminar(slug: str):
    seminar = get_or_404(Seminar, slug=slug)
    form = _seminar_form(seminar)
    if form.validate_on_submit():
        saved = _try_save(form, lambda: save_seminar(seminar, _seminar_data(form), now=_now(), notify=form.notify.data,
                                                     note=form.note.data or "", loaded=form.loaded.data or ""))
        if saved:
            flash(_saved_message(saved), "success")
            return redirect(url_for("organise.seminar", slug=saved.seminar.slug), code=303)
    elif request.method == "GET":
        form.starts_at, form.ends_at = seminar.starts_at, seminar.ends_at
    return render_template("organise/seminar_form.html", form=form, seminar=seminar, times=_times_preview(form),
                           counts=people.counts(seminar), entries=audit.recent(20, key=seminar.slug, kind="seminar")), \
        400 if form.errors else 200


def _saved_message(saved) -> str:
    number = saved.seminar.number
    if not saved.changes:
        return f"Nothing changed in Seminar {number}."
    text = f"Seminar {number} saved ({', '.join(saved.changes)})."
    if saved.cancelled or saved.moved:
        told = saved.report.told
        text += (f" {told} registrant{'s' if told != 1 else ''} will be emailed." if told
                 else " No registrant was emailed.")
    if saved.report.stale_updates:
        stale = saved.report.stale_updates
        text += (f" {stale} earlier update email{'s' if stale != 1 else ''} not sent yet "
                 f"{'were' if stale != 1 else 'was'} withdrawn: {'they' if stale != 1 else 'it'} gave a time that "
                 "is no longer true.")
    if saved.promoted:
        text += f" {saved.promoted} moved up from the waiting list."
    return text


@bp.route("/times")
def times():
    """The live preview of the seminar form: the typed times in a few attendee zones (HTML)."""
    args = request.args
    try:
        day, start, end = _arg("date", dt.date.fromisoformat), _arg("start", dt.time.fromisoformat), \
            _arg("end", dt.time.fromisoformat)
        if day is None or start is None or end is None:
            raise ValueError("Fill in the date, start and end to see the times in other zones.")
        starts_at, ends_at = resolve(day, start, end, _arg("end_date", dt.date.fromisoformat),
                                     args.get("timezone", ""), args.get("start_fold"), args.get("end_fold"))
        rows = preview(starts_at, ends_at, args["timezone"])
    except (TimeProblem, ValueError, OverflowError) as problem:
        return render_template("organise/_times.html", times=None, problem=str(problem))
    return render_template("organise/_times.html", times=rows, problem=None)


_ARG_LABELS = {"date": "Date", "start": "Starts", "end": "Ends", "end_date": "Ends on"}


def _arg(name: str, parse):
    raw = request.args.get(name, "").strip()[:40]
    if not raw:
        return None
    try:
        return parse(raw)
    except ValueError:
        raise ValueError(f"{_ARG_LABELS[name]}: “{raw}” is not a valid "
                         f"{'date (YYYY-MM-DD)' if 'date' in name else 'time (HH:MM)'}.") from None


# --- events -----------------------------------------------------------------------------------

def _event_values(form: EventForm) -> dict:
    values = dict(slug=form.slug.data, kind=form.kind.data, title=form.title.data,
                  description=form.description.data or "", location=form.location.data,
                  timezone=form.timezone.data)
    if form.shape.data == "timed":
        values.update(first_day=None, last_day=None, starts_at=form.starts_at, ends_at=form.ends_at)
    else:
        values.update(first_day=form.first_day.data, last_day=form.last_day.data, starts_at=None, ends_at=None)
    return values


def _event_form(event: Event | None) -> EventForm:
    form = EventForm()
    if request.method == "GET" and event is not None:
        data = dict(slug=event.slug, kind=event.kind, title=event.title, description=event.description,
                    location=event.location, timezone=event.timezone, shape="days" if event.all_day else "timed",
                    first_day=event.first_day, last_day=event.last_day)
        if not event.all_day:
            start, end = event.local_start, event.local_end
            data.update(date=start.date(), start=start.time(), end=end.time(),
                        end_date=end.date() if end.date() != start.date() else None)
        form.process(data=data)
    form.timezone.choices = zone_select_choices(_now())
    return form


@bp.route("/events/new", methods=["GET", "POST"], defaults={"slug": None})
@bp.route("/events/<slug>", methods=["GET", "POST"])
def event(slug: str | None):
    row = get_or_404(Event, slug=slug) if slug else None
    form = _event_form(row)
    if form.validate_on_submit() and (saved := _try_save(form, lambda: service.save_event(row, _event_values(form),
                                                                                         _now()))):
        row, changes = saved
        flash(f"Event “{row.title}” saved." if changes else "Nothing changed.", "success")
        return redirect(url_for("organise.event", slug=row.slug), code=303)
    return render_template("organise/event_form.html", form=form, event=row), 400 if form.errors else 200


# --- cities and initiatives -------------------------------------------------------------------

@bp.route("/cities/new", methods=["GET", "POST"], defaults={"slug": None})
@bp.route("/cities/<slug>", methods=["GET", "POST"])
def city(slug: str | None):
    row = get_or_404(City, slug=slug) if slug else None
    form = CityForm(obj=row if request.method == "GET" else None)
    form.timezone.choices = zone_select_choices(_now())
    values = dict(name=form.name.data, slug=form.slug.data, country=form.country.data,
                  region=form.region.data or "", timezone=form.timezone.data)
    if form.validate_on_submit() and (saved := _try_save(form, lambda: service.save_city(row, values, _now()))):
        row, changes = saved
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


@bp.route("/initiatives/new", methods=["GET", "POST"], defaults={"initiative_id": None})
@bp.route("/initiatives/<int(max=2147483647):initiative_id>", methods=["GET", "POST"])
def initiative(initiative_id: int | None):
    row = get_or_404(Initiative, id=initiative_id) if initiative_id is not None else None
    form = _initiative_form(row)
    values = dict(title=form.title.data, city_id=form.city.data, seminar_id=form.seminar.data,
                  position=form.position.data or 0)
    if form.validate_on_submit() and (saved := _try_save(form, lambda: service.save_initiative(row, values, _now()))):
        row, changes = saved
        flash("Initiative saved." if changes else "Nothing changed.", "success")
        return redirect(url_for("organise.seminar", slug=row.seminar.slug) + "#initiatives", code=303)
    return render_template("organise/initiative_form.html", form=form, initiative=row, action=ActionForm()), \
        400 if form.errors else 200


@bp.route("/initiatives/<int(max=2147483647):initiative_id>/remove", methods=["POST"])
def remove_initiative(initiative_id: int):
    row = get_or_404(Initiative, id=initiative_id)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form expired. Please go back to the page and try again.")
    slug = row.seminar.slug
    service.remove_initiative(row, _now())
    flash("Initiative removed.", "success")
    return redirect(url_for("organise.seminar", slug=slug) + "#initiatives", code=303)
