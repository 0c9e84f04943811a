"""Forms of the registration pages (Flask-WTF: CSRF on every one)."""
from __future__ import annotations

import re

from email_validator import EmailNotValidError
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.addresses import normalise_email
from app.models.reminders import REMINDER_CHOICES
from calendars import zones

# Control characters, Unicode line separators and bidirectional overrides (which can disguise a name).
_LINE_BREAK = re.compile(r"[\r\n\x00-\x1f\x7f\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def reminder_choices(offered: list[int]) -> list[SelectChoice]:
    return [SelectChoice(minutes, REMINDER_CHOICES[minutes]) for minutes in offered if minutes in REMINDER_CHOICES]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def single_line(form, field):
    """Names reach email headers: a CR or LF could forge one, so none is accepted."""
    if field.data and _LINE_BREAK.search(field.data):
        raise ValidationError("Please use a single line without line breaks or invisible characters.")


def valid_email(form, field):
    try:
        field.data = normalise_email(field.data or "")
    except EmailNotValidError as error:
        raise ValidationError(f"That email address is not valid: {error}") from None
    if len(field.data) > 254:
        raise ValidationError("That email address is too long.")


def valid_zone(form, field):
    try:
        field.data = zones.zone_name(field.data)
    except zones.UnknownZone as error:
        raise ValidationError(str(error)) from None


def zone_select_choices(now) -> list[SelectChoice]:
    """IANA zones grouped by region, labelled with the offsets in force at ``now``."""
    return [SelectChoice(name, label, optgroup=region)
            for region, options in zones.zone_choices(now) for name, label in options]


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def seminar_choices(seminars) -> list[SelectChoice]:
    return [SelectChoice(s.slug, s.title) for s in seminars]



class RegistrationForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired("Please give your name."), Length(max=120),
                                                single_line])
    email = EmailField("Email", validators=[DataRequired("Please give your email address."), valid_email])
    organisation = StringField("Organisation (optional)", validators=[Optional(), Length(max=200), single_line])
    place = StringField("Country or city (optional)", validators=[Optional(), Length(max=120), single_line])
    timezone = SelectField("Your time zone", validators=[InputRequired(), valid_zone], validate_choice=False)
    seminars = CheckboxesField("Seminars", coerce=str, validate_choice=False,
                               validators=[DataRequired("Please tick at least one seminar.")])
    reminders = CheckboxesField("Reminders by email", coerce=int, validate_choice=False)
    consent = BooleanField("I agree to receive emails about my registration (confirmation, meeting details, "
                           "reminders and changes).",
                           validators=[DataRequired("We can only register you if we may email you.")])
    submit = SubmitField("Register")

    def validate_reminders(self, field):
        if any(value not in REMINDER_CHOICES for value in field.data or []):
            raise ValidationError("Please choose among the reminders offered.")


class ConfirmForm(FlaskForm):
    submit = SubmitField("Confirm my registration")


class SettingsForm(FlaskForm):
    timezone = SelectField("Time zone", validators=[InputRequired(), valid_zone], validate_choice=False)
    reminders = CheckboxesField("Reminders by email", coerce=int, validate_choice=False)
    submit = SubmitField("Save")

    def validate_reminders(self, field):
        if any(value not in REMINDER_CHOICES for value in field.data or []):
            raise ValidationError("Please choose among the reminders offered.")


class AddSeminarsForm(FlaskForm):
    seminars = CheckboxesField("Add seminars", coerce=str, validate_choice=False,
                               validators=[DataRequired("Please tick at least one seminar.")])
    submit = SubmitField("Add")


class ActionForm(FlaskForm):
    """A button that changes something (drop a seminar, cancel everything, new feed link)."""

    submit = SubmitField("Go")
