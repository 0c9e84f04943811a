"""Forms of the registration pages (the fields other features share are in app.form_fields)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.form_fields import CheckboxesField, ZoneField, valid_email, valid_zone
from app.forms import Form
from app.languages import LANGUAGES
from app.models.reminders import REMINDER_CHOICES
from app import content, labels


def reminder_choices(offered: list[int]) -> list[SelectChoice]:
    return [SelectChoice(minutes, str(labels.REMINDERS[minutes])) for minutes in offered if minutes in REMINDER_CHOICES]


def seminar_choices(seminars) -> list[SelectChoice]:
    return [SelectChoice(s.slug, content.text(s, "title")) for s in seminars]


def language_choices() -> list[SelectChoice]:
    """The five languages, each named in itself and marked as written in it."""
    return [SelectChoice(lang.code, lang.name, render_kw={"lang": lang.tag}) for lang in LANGUAGES.values()]


def offered_language(form, field):
    if field.data not in LANGUAGES:
        raise ValidationError(_("Please choose one of the languages offered."))


def offered_reminders(form, field):
    if any(value not in REMINDER_CHOICES for value in field.data or []):
        raise ValidationError(_("Please choose among the reminders offered."))


class RegistrationForm(Form):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Please give your name.")), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please give your email address.")), valid_email])
    organisation = StringField(_l("Organisation (optional)"), validators=[Optional(), Length(max=200)])
    place = StringField(_l("Country or city (optional)"), validators=[Optional(), Length(max=120)])
    timezone = ZoneField(_l("Your time zone"), validators=[InputRequired(), valid_zone], validate_choice=False)
    seminars = CheckboxesField(_l("Seminars"), coerce=str, validate_choice=False,
                               validators=[DataRequired(_l("Please tick at least one seminar."))])
    reminders = CheckboxesField(_l("Reminders by email"), coerce=int, validate_choice=False,
                                validators=[offered_reminders])
    consent = BooleanField(_l("I agree to receive emails about my registration (confirmation, meeting details, "
                              "reminders and changes)."),
                           validators=[DataRequired(_l("We can only register you if we may email you."))])
    submit = SubmitField(_l("Register"))


class ConfirmForm(Form):
    submit = SubmitField(_l("Confirm my registration"))


class SettingsForm(Form):
    timezone = ZoneField(_l("Time zone"), validators=[InputRequired(), valid_zone], validate_choice=False)
    reminders = CheckboxesField(_l("Reminders by email"), coerce=int, validate_choice=False,
                                validators=[offered_reminders])
    language = SelectField(_l("Language"), validators=[Optional(), offered_language], validate_choice=False)
    submit = SubmitField(_l("Save"))


class AddSeminarsForm(Form):
    seminars = CheckboxesField(_l("Add seminars"), coerce=str, validate_choice=False,
                               validators=[DataRequired(_l("Please tick at least one seminar."))])
    submit = SubmitField(_l("Add"))

