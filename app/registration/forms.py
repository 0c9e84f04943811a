"""Forms of the registration pages, and the fields and checks other forms share (app.forms.Form:
CSRF and the text rule on every one)."""
from __future__ import annotations

from email_validator import EmailNotValidError
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.addresses import normalise_email
from app.forms import Form
from app.models.reminders import REMINDER_CHOICES
from calendars import zones


def reminder_choices(offered: list[int]) -> list[SelectChoice]:
    return [SelectChoice(minutes, REMINDER_CHOICES[minutes]) for minutes in offered if minutes in REMINDER_CHOICES]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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



class RegistrationForm(Form):
    name = StringField("Your name", validators=[DataRequired("Please give your name."), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired("Please give your email address."), valid_email])
    organisation = StringField("Organisation (optional)", validators=[Optional(), Length(max=200)])
    place = StringField("Country or city (optional)", validators=[Optional(), Length(max=120)])
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


class ConfirmForm(Form):
    submit = SubmitField("Confirm my registration")


class SettingsForm(Form):
    timezone = SelectField("Time zone", validators=[InputRequired(), valid_zone], validate_choice=False)
    reminders = CheckboxesField("Reminders by email", coerce=int, validate_choice=False)
    submit = SubmitField("Save")

    def validate_reminders(self, field):
        if any(value not in REMINDER_CHOICES for value in field.data or []):
            raise ValidationError("Please choose among the reminders offered.")


class AddSeminarsForm(Form):
    seminars = CheckboxesField("Add seminars", coerce=str, validate_choice=False,
                               validators=[DataRequired("Please tick at least one seminar.")])
    submit = SubmitField("Add")


class ActionForm(Form):
    """A button that changes something (drop a seminar, cancel everything, new feed link)."""

    submit = SubmitField("Go")
