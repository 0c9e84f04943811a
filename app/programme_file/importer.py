"""Import a programme file over the database (docs/data-format.md).

An import is planned and applied by the same code: a preview runs it all and rolls back, so what
the preview lists is exactly what applying does. Rows the file no longer lists are removed,
except a seminar that has registrations (cancel it in the file instead). A seminar's edit is
checked and followed up by app/seminars/, as the console's form is.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from app import audit
from app.extensions import db
from app.models import (Ballot, City, Event, Programme, Registration, Seminar, Tour, TourApplication, TourLeg,
                        Venue, Vote, programme_cities)
from app.programme_file.apply import LoadReport, apply_programme, instants
from app.programme_file.parsing import ProgrammeFileError, parse
from app.programme_file.schema import ProgrammeFile
from app.seminars import rules
from app.seminars.fields import snapshot
from app.applications.service import tell_of_moved_legs
from app.seminars.follow_up import Before, follow_up

@dataclass
class ImportResult:
    problems: list[str] = field(default_factory=list)
    report: LoadReport | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  #: (kind, slug)
    moved: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    told: int = 0
    withdrawn: int = 0
    promoted: int = 0
    applied: bool = False

    def listed(self, action: str) -> list[tuple[str, str, list[str]]]:
        if action == "removed":
            return [(kind, key, []) for kind, key in self.removed]
        return [(c.kind, c.key, c.fields) for c in (self.report.changes if self.report else []) if c.action == action]

    @property
    def shown_summary(self) -> str:
        """``summary`` in the reader's language (the audit log keeps the English one)."""
        parts = [_("%(added)s added, %(changed)s changed, %(removed)s removed", added=len(self.listed("added")),
                   changed=len(self.listed("changed")), removed=len(self.removed)),
                 ", ".join([ngettext("%(num)d registrant email", "%(num)d registrant emails", self.told),
                            ngettext("%(num)d queued reminder withdrawn", "%(num)d queued reminders withdrawn",
                                     self.withdrawn)])]
        if self.promoted:
            parts.append(ngettext("%(num)d promoted from the waiting list", "%(num)d promoted from the waiting list",
                                  self.promoted))
        return "; ".join(parts)

    @property
    def summary(self) -> str:
        added, changed = len(self.listed("added")), len(self.listed("changed"))
        return (f"{added} added, {changed} changed, {len(self.removed)} removed; "
                f"{self.told} registrant email{'s' if self.told != 1 else ''}, "
                f"{self.withdrawn} queued reminder{'s' if self.withdrawn != 1 else ''} withdrawn"
                + (f"; {self.promoted} promoted from the waiting list" if self.promoted else ""))


def _votes_kept(data: ProgrammeFile, programme_id: int | None, leaving: set[str]) -> list[str]:
    """A city or a vote that holds confirmed votes stays: removing it would lose them."""
    problems = []
    events_held = (sa.select(Event.slug, sa.func.count()).join(Vote, Vote.event_id == Event.id)
                   .where(Event.programme_id == programme_id, Event.slug.not_in({e.slug for e in data.events})))
    cities_held = (sa.select(City.slug, sa.func.count()).join(Vote, Vote.city_id == City.id)
                   .where(City.slug.in_(leaving)))
    for kind, query in (("city", cities_held), ("event", events_held)):
        held = db.session.execute(query.group_by(City.slug if kind == "city" else Event.slug)
                                  .order_by(City.slug if kind == "city" else Event.slug))
        problems += [f"{kind} “{slug}”: " + ngettext(
            "not in the file, but it holds %(num)d confirmed vote; keep it in the file",
            "not in the file, but it holds %(num)d confirmed votes; keep it in the file", count)
            for slug, count in held]
    not_votes = {e.slug for e in data.events if e.kind != "vote"}
    for slug, count in db.session.execute(
            sa.select(Event.slug, sa.func.count()).join(Vote, Vote.event_id == Event.id)
            .where(Event.kind == "vote", Event.slug.in_(not_votes)).group_by(Event.slug).order_by(Event.slug)):
        problems.append(f"event “{slug}”: " + ngettext("it holds %(num)d confirmed vote; its kind stays vote",
                                                        "it holds %(num)d confirmed votes; its kind stays vote", count))
    return problems


def _settings_kept(before: dict | None, programme: Programme) -> None:
    """An editor's file may not create a programme or change its settings."""
    if before is None:
        raise ProgrammeFileError(["programme › slug: " + _("only an admin adds a programme")])
    changed = [name for name in SETTINGS if getattr(programme, name) != before[name]]
    if changed:
        raise ProgrammeFileError([f"programme › {name}: " + _(
            "only an admin changes a programme's settings (the file says “%(file)s”, the programme has “%(now)s”)",
            file=audit.as_text(getattr(programme, name)), now=audit.as_text(before[name])) for name in changed])


def _leg_times(programme_id: int | None) -> dict[int, tuple]:
    """Each leg of the programme's tours by id, with what makes it move in a calendar."""
    return {leg.id: (leg.first_day, leg.last_day, leg.starts_at, leg.ends_at, leg.timezone, leg.venue_id)
            for leg in db.session.scalars(
                sa.select(TourLeg).join(TourLeg.tour).where(Tour.programme_id == programme_id))}


def _applications_kept(data: ProgrammeFile, programme_id: int | None) -> list[str]:
    """A tour people applied to stays: removing it would lose their applications."""
    held = db.session.execute(
        sa.select(Tour.slug, sa.func.count()).join(TourApplication, TourApplication.tour_id == Tour.id)
        .where(Tour.programme_id == programme_id, Tour.slug.not_in({t.slug for t in data.tours}))
        .group_by(Tour.slug).order_by(Tour.slug))
    return [f"tour “{slug}”: " + ngettext("not in the file, but it has %(num)d application; keep it in the file",
                                          "not in the file, but it has %(num)d applications; keep it in the file",
                                          count) for slug, count in held]


def _leaving_cities(data: ProgrammeFile, programme_id: int | None) -> set[str]:
    """The cities the file does not list that no other programme has: they go (a city in no
    programme at all serves nobody)."""
    listed = {c.slug for c in data.cities}
    elsewhere = set(db.session.scalars(sa.select(City.slug).join(programme_cities)
                                       .where(programme_cities.c.programme_id != programme_id)))
    # A city that hosts a venue or a tour's leg stays (venues are shared; the tour names it).
    hosting = set(db.session.scalars(sa.select(City.slug).join(Venue, Venue.city_id == City.id))) | set(
        db.session.scalars(sa.select(City.slug).join(TourLeg, TourLeg.city_id == City.id)))
    return set(db.session.scalars(sa.select(City.slug))) - listed - elsewhere - hosting


def _registered(seminar: Seminar) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration)
                             .where(Registration.seminar_id == seminar.id))


def _values(row) -> dict:
    """A city's or event's fields as the audit log compares them."""
    return {attr.key: getattr(row, attr.key) for attr in sa.inspect(type(row)).column_attrs
            if attr.key not in ("id", "updated_at", "sequence")}


def _check_seminars(data: ProgrammeFile, existing: dict[str, Seminar], now: dt.datetime) -> list[str]:
    """Changes registrants could not follow (app/seminars/rules.py), named by entry and field."""
    problems = []
    for e, event_in in enumerate(data.events):
        for s, seminar_in in enumerate(event_in.seminars):
            seminar = existing.get(seminar_in.slug)
            if seminar is None:
                continue
            where = f"events[{e}] ({event_in.slug}) › seminars[{s}] ({seminar_in.slug})"
            starts, ends = instants(where, seminar_in)
            problems += [f"{where} › {refusal.field}: {refusal.in_file}" for refusal in rules.refusals(
                seminar, status=seminar_in.status, capacity=seminar_in.capacity, starts_at=starts, ends_at=ends,
                now=now)]
    return problems


#: A programme's settings, which only an admin changes (the console's settings page is theirs).
SETTINGS = ("title", "description", "timezone", "first_day", "last_day", "status", "serves_old_urls")


def run_import(text: str, *, now: dt.datetime, notify: bool, apply: bool,
               programme: str | None = None, may_change_settings: bool = True) -> ImportResult:
    """Plan (``apply=False``: everything is rolled back) or apply an import in one transaction, into
    ``programme`` (a slug; default: the one the file names). Without ``may_change_settings`` (an
    editor's import) a file whose ``programme:`` section would change the settings is refused."""
    result = ImportResult()
    try:
        data = parse(text)
    except ProgrammeFileError as error:
        return ImportResult(problems=error.problems)
    try:
        _run(data, result, now, notify, programme or data.programme.slug, may_change_settings)
        if result.problems:
            db.session.rollback()
            return result
        if apply:
            slug = result.report.programme.slug
            audit.record("imported", "programme", slug, {}, result.summary, now=now, programme=slug)
            db.session.commit()
            result.applied = True
        else:
            db.session.rollback()
    except ProgrammeFileError as error:
        db.session.rollback()
        result.problems = error.problems
    except sa.exc.IntegrityError as error:
        db.session.rollback()
        result.problems = [_("the database refused the file: %(reason)s", reason=str(error.orig).splitlines()[0])]
    return result


def _run(data: ProgrammeFile, result: ImportResult, now: dt.datetime, notify: bool, slug: str | None,
         may_change_settings: bool = True) -> None:
    programme = db.session.scalar(sa.select(Programme).filter_by(slug=slug)) if slug else None
    settings = {name: getattr(programme, name) for name in SETTINGS} if programme else None
    programme_id = programme.id if programme else None
    seminars = {s.slug: s for s in db.session.scalars(
        sa.select(Seminar).join(Seminar.event).where(Event.programme_id == programme_id).with_for_update())}
    before = {slug: Before.of(s) for slug, s in seminars.items()}
    legs_before = _leg_times(programme_id)
    listed = {s.slug for e in data.events for s in e.seminars}
    others = {("city", row.slug): _values(row) for row in db.session.scalars(sa.select(City))}
    others |= {("event", row.slug): _values(row)
               for row in db.session.scalars(sa.select(Event).where(Event.programme_id == programme_id))}
    leaving = _leaving_cities(data, programme_id)
    result.problems += _check_seminars(data, seminars, now)
    for key, seminar in seminars.items():
        if key not in listed and (count := _registered(seminar)):
            result.problems.append(f"seminar “{key}”: " + ngettext(
                "not in the file, but it has %(num)d registration; keep it in the file (status: cancelled to "
                "cancel it)",
                "not in the file, but it has %(num)d registrations; keep it in the file (status: cancelled to "
                "cancel it)", count))
    result.problems += _votes_kept(data, programme_id, leaving)
    result.problems += _applications_kept(data, programme_id)
    if result.problems:
        return
    log = dict(now=now, programme=slug)
    for key, seminar in seminars.items():
        if key not in listed:
            db.session.delete(seminar)
            result.removed.append(("seminar", key))
            audit.record("removed", "seminar", key, {}, "removed by an import", **log)
    db.session.flush()
    result.report = apply_programme(data, now=now, programme_slug=slug)
    if not may_change_settings:
        _settings_kept(settings, result.report.programme)
    programme_id = result.report.programme.id
    log["programme"] = slug = result.report.programme.slug
    events_in_file = {e.slug for e in data.events} | {s.slug for e in data.events for s in e.sessions}
    for tour in db.session.scalars(sa.select(Tour).where(Tour.programme_id == programme_id,
                                                        Tour.slug.not_in({t.slug for t in data.tours}))):
        db.session.delete(tour)
        result.removed.append(("tour", tour.slug))
        audit.record("removed", "tour", tour.slug, {}, "removed by an import", **log)
    gone = ((Event, "event", sa.select(Event).where(Event.programme_id == programme_id,
                                                   Event.slug.not_in(events_in_file)), Ballot.event_id),
            (City, "city", sa.select(City).where(City.slug.in_(leaving)), Ballot.city_id))
    for _model, kind, query, column in gone:
        for row in db.session.scalars(query):
            # Unconfirmed requests go with it (SQLite does not enforce the cascade): an id used again
            # later must not receive an old link's vote.
            db.session.execute(sa.delete(Ballot).where(column == row.id))
            db.session.delete(row)
            result.removed.append((kind, row.slug))
            audit.record("removed", kind, row.slug, {}, "removed by an import", **log)
    db.session.flush()
    for key, was in before.items():
        if key not in listed:
            continue
        outcome = follow_up(seminars[key], was, now, notify=notify, source="by an import")
        if outcome.cancelled:
            result.cancelled.append(key)
        elif outcome.moved:
            result.moved.append(key)
        result.told, result.withdrawn = result.told + outcome.report.told, result.withdrawn + outcome.report.withdrawn
        result.promoted += outcome.promoted
    result.told += tell_of_moved_legs(legs_before, _leg_times(programme_id), now, notify=notify)
    for seminar in db.session.scalars(sa.select(Seminar).where(Seminar.slug.in_(listed - before.keys()))):
        audit.record("added", "seminar", seminar.slug, audit.diff({}, snapshot(seminar)), "by an import", **log)
    removed = set(result.removed)
    for kind, query in (("city", sa.select(City).where(City.slug.in_({c.slug for c in data.cities}))),
                        ("event", sa.select(Event).where(Event.programme_id == programme_id))):
        for row in db.session.scalars(query.order_by(query.selected_columns[0].table.c.id)):
            old = others.get((kind, row.slug))
            changes = audit.diff(old or {}, _values(row))
            if (kind, row.slug) not in removed and changes:
                audit.record("changed" if old else "added", kind, row.slug, changes, "by an import", **log)
