"""Console forms of a programme's study tours: a tour, and one leg of its itinerary."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.form_fields import valid_zone
from app.forms import Form, multi_line
from app.organise.forms import STRIP, ShapeForm, slug_format


class TourForm(Form):
    title = StringField("Title", filters=STRIP, validators=[DataRequired("Give a title."), Length(max=200)])
    description = TextAreaField("Description", filters=STRIP, validators=[Optional(), Length(max=5000), multi_line])
    audience = StringField("Who is invited to apply", filters=STRIP, validators=[Optional(), Length(max=200)])
    capacity = IntegerField("Places (empty for no limit)", validators=[Optional(), NumberRange(1, 1_000_000)])
    illustrative = BooleanField("Illustrative (an itinerary made up to show how tours work)")
    submit = SubmitField("Save tour")


class NewTourForm(TourForm):
    slug = StringField("Address name (slug; its legs' calendar entries are named by it, so it cannot change later)",
                       filters=STRIP, validators=[DataRequired("Give a slug."), Length(max=80), slug_format])


class LegForm(ShapeForm):
    """One leg; its dates and times are typed in the leg's zone (its city's unless chosen)."""

    #: Choices: the programme's cities not on the tour yet (set by the view; a new leg only).
    city = SelectField("City", coerce=int, validators=[InputRequired("Choose the city.")])
    timezone = SelectField("Time zone of its dates and times (empty: the city's)", validate_choice=False,
                           validators=[Optional(), valid_zone])
    #: Choices: none, then the venues of the leg's city (of the cities offered, for a new leg).
    venue = SelectField("Venue", coerce=int, default=0)
    host = StringField("Host (who receives the visitors)", filters=STRIP, validators=[Optional(), Length(max=200)])
    position = IntegerField("Order in the itinerary", default=0, validators=[Optional(), NumberRange(0, 999)])
    notify = BooleanField("Email accepted participants if its dates, times, zone or venue change", default=True)
    submit = SubmitField("Save leg")
    #: The zone of each city the form may save (set by the view): an empty zone means the city's.
    city_zones: dict[int, str] = {}

    def validate(self, extra_validators=None) -> bool:
        city = self._fields.get("city")  # an existing leg's form has none: its city stays
        if not self.timezone.data:
            self.timezone.data = self.city_zones.get(city.data if city else None, "")
        return super().validate(extra_validators)
