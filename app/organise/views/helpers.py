"""What several console views share: the rows of the current programme (any other programme's row
is a 404, as if it were not there), and saving with field errors."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.field_error import FieldError
from app.models import City, Event, Initiative, Organiser, Seminar, Tour, TourApplication, TourLeg, programme_cities
from app.organise import scope


#: The 404 text for a row that is not there, by model (one sentence each: words differ by language).
_MISSING = {Event: _l("There is no such event; it may have been renamed or removed."),
            Seminar: _l("There is no such seminar; it may have been renamed or removed."),
            Initiative: _l("There is no such initiative; it may have been renamed or removed."),
            City: _l("There is no such city; it may have been renamed or removed."),
            Tour: _l("There is no such tour; it may have been renamed or removed."),
            Organiser: _l("There is no such organiser; it may have been renamed or removed.")}


def missing(model) -> str:
    """The 404 text for a row of ``model`` that is not there (for db.get_or_404 / db.one_or_404)."""
    return str(_MISSING[model])


def _mine():
    return Event.programme_id == scope.current().id


def event_or_404(slug: str, **filters) -> Event:
    return db.one_or_404(sa.select(Event).filter_by(slug=slug, **filters).where(_mine()),
                         description=missing(Event))


def seminar_or_404(slug: str) -> Seminar:
    return db.one_or_404(sa.select(Seminar).join(Seminar.event).where(Seminar.slug == slug, _mine()),
                         description=missing(Seminar))


def initiative_or_404(initiative_id: int) -> Initiative:
    return db.one_or_404(sa.select(Initiative).join(Initiative.seminar).join(Seminar.event)
                         .where(Initiative.id == initiative_id, _mine()), description=missing(Initiative))


def city_or_404(slug: str) -> City:
    """A city taking part in the current programme (a city is shared; its page is under each)."""
    return db.one_or_404(sa.select(City).join(programme_cities).where(
        City.slug == slug, programme_cities.c.programme_id == scope.current().id), description=missing(City))


def tour_or_404(slug: str) -> Tour:
    return db.one_or_404(sa.select(Tour).where(Tour.slug == slug, Tour.programme_id == scope.current().id),
                         description=missing(Tour))


def leg_or_404(tour: Tour, city: str) -> TourLeg:
    return db.one_or_404(sa.select(TourLeg).join(TourLeg.city).where(TourLeg.tour_id == tour.id, City.slug == city),
                         description=_("There is no such leg; the tour may not visit that city."))


def application_or_404(tour: Tour, application_id: int) -> TourApplication:
    return db.one_or_404(sa.select(TourApplication).where(TourApplication.id == application_id,
                                                          TourApplication.tour_id == tour.id),
                         description=_("There is no such application; it may have been withdrawn."))


def seminars() -> list[Seminar]:
    """The current programme's seminars, in time order."""
    return list(db.session.scalars(sa.select(Seminar).join(Seminar.event).where(_mine()).order_by(Seminar.starts_at)))


def try_save(form, save):
    """``save()``'s result; a FieldError goes beside its field, nothing is saved, and None comes back."""
    try:
        return save()
    except FieldError as error:
        db.session.rollback()
        getattr(form, error.field).errors.append(str(error))
        return None
