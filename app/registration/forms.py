"""Forms of the registration pages (the fields other features share are in app.form_fields)."""
from __future__ import annotations

from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.form_fields import CheckboxesField, valid_email, valid_zone
from app.forms import Form
from app.models.reminders import REMINDER_CHOICES


def reminder_choices(offered: list[int]) -> list[SelectChoice]:
    return [SelectChoice(minutes, REMINDER_CHOICES[minutes]) for minutes in offered if minutes in REMINDER_CHOICES]


def seminar_choices(seminars) -> list[SelectChoice]:
    return [SelectChoice(s.slug, s.title) for s in seminars]


def offered_reminders(form, field):
    if any(value not in REMINDER_CHOICES for value in field.data or []):
        raise ValidationError("Please choose among the reminders offered.")


class RegistrationForm(Form):
    name = StringField("Your name", validators=[DataRequired("Please give your name."), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired("Please give your email address."), valid_email])
    organisation = StringField("Organisation (optional)", validators=[Optional(), Length(max=200)])
    place = StringField("Country or city (optional)", validators=[Optional(), Length(max=120)])
    timezone = SelectField("Your time zone", validators=[InputRequired(), valid_zone], validate_choice=False)
    seminars = CheckboxesField("Seminars", coerce=str, validate_choice=False,
                               validators=[DataRequired("Please tick at least one seminar.")])
    reminders = CheckboxesField("Reminders by email", coerce=int, validate_choice=False, validators=[offered_reminders])
    consent = BooleanField("I agree to receive emails about my registration (confirmation, meeting details, "
                           "reminders and changes).",
                           validators=[DataRequired("We can only register you if we may email you.")])
    submit = SubmitField("Register")


class ConfirmForm(Form):
    submit = SubmitField("Confirm my registration")


class SettingsForm(Form):
    timezone = SelectField("Time zone", validators=[InputRequired(), valid_zone], validate_choice=False)
    reminders = CheckboxesField("Reminders by email", coerce=int, validate_choice=False, validators=[offered_reminders])
    submit = SubmitField("Save")


class AddSeminarsForm(Form):
    seminars = CheckboxesField("Add seminars", coerce=str, validate_choice=False,
                               validators=[DataRequired("Please tick at least one seminar.")])
    submit = SubmitField("Add")

