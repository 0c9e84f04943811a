"""Console forms of a programme's study tours: a tour, and one leg of its itinerary."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.form_fields import valid_zone
from app.forms import Form, multi_line
from app.organise.forms import STRIP, ShapeForm, slug_format


class TourForm(Form):
    title = StringField(_l("Title"), filters=STRIP, validators=[DataRequired(_l("Give a title.")), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=STRIP, validators=[Optional(), Length(max=5000), multi_line])
    audience = StringField(_l("Who is invited to apply"), filters=STRIP, validators=[Optional(), Length(max=200)])
    capacity = IntegerField(_l("Places (empty for no limit)"), validators=[Optional(), NumberRange(1, 1_000_000)])
    illustrative = BooleanField(_l("Illustrative (an itinerary made up to show how tours work)"))
    submit = SubmitField(_l("Save tour"))


class NewTourForm(TourForm):
    slug = StringField(_l("Address name (slug; its legs' calendar entries are named by it, so it cannot change later)"),
                       filters=STRIP, validators=[DataRequired(_l("Give a slug.")), Length(max=80), slug_format])


class LegForm(ShapeForm):
    """One leg; its dates and times are typed in the leg's zone (its city's unless chosen)."""

    #: Choices: the programme's cities not on the tour yet (set by the view; a new leg only).
    city = SelectField(_l("City"), coerce=int, validators=[InputRequired(_l("Choose the city."))])
    timezone = SelectField(_l("Time zone of its dates and times (empty: the city's)"), validate_choice=False,
                           validators=[Optional(), valid_zone])
    #: Choices: none, then the venues of the leg's city (of the cities offered, for a new leg).
    venue = SelectField(_l("Venue"), coerce=int, default=0)
    host = StringField(_l("Host (who receives the visitors)"), filters=STRIP, validators=[Optional(), Length(max=200)])
    position = IntegerField(_l("Order in the itinerary"), default=0, validators=[Optional(), NumberRange(0, 999)])
    notify = BooleanField(_l("Email accepted participants if its dates, times, zone or venue change"), default=True)
    submit = SubmitField(_l("Save leg"))
    #: The zone of each city the form may save (set by the view): an empty zone means the city's.
    city_zones: dict[int, str] = {}

    def validate(self, extra_validators=None) -> bool:
        city = self._fields.get("city")  # an existing leg's form has none: its city stays
        if not self.timezone.data:
            self.timezone.data = self.city_zones.get(city.data if city else None, "")
        return super().validate(extra_validators)
