"""Console forms (app.forms.Form: CSRF and the text rule on every one). Checks that need the database
live in the service."""
from __future__ import annotations

import re

from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, HiddenField, IntegerField, PasswordField, RadioField,
                     SelectField, StringField, SubmitField, TextAreaField, TimeField)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.form_fields import CheckboxesField, options, valid_email, valid_zone
from app.forms import Form, multi_line, programme_text
from app.models import ProgrammeStatus, Role, SeminarStatus
from app.models.events import EVENT_KINDS
from app.models.reminders import REMINDER_CHOICES
from app.programme_file.fields import FIRST_YEAR, LAST_YEAR
from app.slugs import is_slug
from calendars.walltimes import TimeProblem, resolve


def slug_format(form, field):
    if field.data and not is_slug(field.data):
        raise ValidationError("Use at most 80 lowercase ASCII letters, digits and single hyphens, "
                              "such as “seminar-5”.")
    if field.data == "new":
        raise ValidationError("“new” is the address of the form for a new entry; choose another name.")


def http_url(form, field):
    if field.data and not re.match(r"^https?://[^\s/]+\S*$", field.data, re.IGNORECASE):
        raise ValidationError("Give an address that starts with http:// or https://.")


def sane_year(form, field):
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(f"Give a date between {FIRST_YEAR} and {LAST_YEAR}.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


STRIP = [_strip]


class TimedForm(Form):
    """A date, a start and an end typed in the entry's zone; ``starts_at``/``ends_at`` after validation."""

    starts_at = ends_at = None

    def resolve_times(self, required: bool = True) -> bool:
        if any(f.errors for f in (self.date, self.start, self.end, self.end_date, self.timezone)):
            return False
        if self.date.data is None or self.start.data is None or self.end.data is None:
            if required:
                for f in (self.date, self.start, self.end):
                    if f.data is None and not f.errors:
                        f.errors.append("Please fill this in.")
            return False
        try:
            self.starts_at, self.ends_at = resolve(self.date.data, self.start.data, self.end.data,
                                                   self.end_date.data, self.timezone.data,
                                                   self.start_fold.data, self.end_fold.data)
        except TimeProblem as problem:
            getattr(self, problem.field).errors.append(problem.message)
            if problem.choices:
                fold = getattr(self, f"{problem.field}_fold")
                fold.choices, fold.ambiguous = options(problem.choices), True
            return False
        return True


def _fold_field():
    field = RadioField("Which one?", choices=options([("0", "The first"), ("1", "The second")]),
                       validators=[Optional()],
                       validate_choice=False)
    return field


class SeminarForm(TimedForm):
    #: The seminar's updated_at when the form was shown: a save over someone else's newer edit is refused.
    loaded = HiddenField()
    event = SelectField("Part of", coerce=int, validators=[InputRequired("Choose the event.")])
    number = IntegerField("Number", validators=[InputRequired("Give the seminar's number."), NumberRange(1, 999)])
    slug = StringField("Address name (slug)", filters=STRIP, validators=[Optional(), Length(max=80), slug_format])
    title = StringField("Title", filters=STRIP, validators=[DataRequired("Give a title."), Length(max=200)])
    theme = TextAreaField("Theme", filters=STRIP, validators=[Optional(), Length(max=5000), multi_line])
    timezone = SelectField("Time zone of the date and times below", validators=[InputRequired(), valid_zone],
                           validate_choice=False, default="Asia/Shanghai")
    date = DateField("Date", validators=[InputRequired("Give the date."), sane_year])
    start = TimeField("Starts", validators=[InputRequired("Give the start time.")])
    start_fold = _fold_field()
    end = TimeField("Ends", validators=[InputRequired("Give the end time.")])
    end_fold = _fold_field()
    end_date = DateField("Ends on (only if after midnight)", validators=[Optional(), sane_year])
    meeting_provider = StringField("Meeting service", filters=STRIP, default="Zoom",
                                   validators=[Optional(), Length(max=40)])
    join_url = StringField("Join address", filters=STRIP, validators=[Optional(), Length(max=500), http_url])
    meeting_id = StringField("Meeting ID", filters=STRIP, validators=[Optional(), Length(max=40)])
    passcode = StringField("Passcode", filters=STRIP, validators=[Optional(), Length(max=40)])
    capacity = IntegerField("Seats (empty for no limit)", validators=[Optional(), NumberRange(1, 1_000_000)])
    reminders = CheckboxesField("Reminders sent before the start", coerce=int,
                                choices=options(REMINDER_CHOICES.items()))
    status = SelectField("Status", choices=options([(SeminarStatus.SCHEDULED.value, "Scheduled"),
                                                    (SeminarStatus.CANCELLED.value, "Cancelled")]))
    notify = BooleanField("Email registrants about a new time or a cancellation", default=True)
    note = TextAreaField("Note for the cancellation email (optional)", filters=STRIP,
                         validators=[Optional(), Length(max=2000), multi_line])
    submit = SubmitField("Save seminar")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self.resolve_times() and valid


class ShapeForm(TimedForm):
    """Whole days (a date range) or set times (``TimedForm``) in the zone of the ``timezone`` field."""

    shape = RadioField("It runs", choices=options([("days", "Whole days (a date range)"), ("timed", "At set times")]),
                       default="days")
    first_day = DateField("First day", validators=[Optional(), sane_year])
    last_day = DateField("Last day", validators=[Optional(), sane_year])
    date = DateField("Date", validators=[Optional(), sane_year])
    start = TimeField("Starts", validators=[Optional()])
    start_fold = _fold_field()
    end = TimeField("Ends", validators=[Optional()])
    end_fold = _fold_field()
    end_date = DateField("Ends on (only if another day)", validators=[Optional(), sane_year])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.shape.data == "timed":
            return self.resolve_times() and valid
        for f, message in ((self.first_day, "Give the first day."), (self.last_day, "Give the last day.")):
            if f.data is None and not f.errors:
                f.errors.append(message)
                valid = False
        if self.first_day.data and self.last_day.data and self.last_day.data < self.first_day.data:
            self.last_day.errors.append("The last day must be on or after the first day.")
            valid = False
        return valid

    def shape_values(self) -> dict:
        """The days, or the instants, with the other pair None (a row holds one or the other)."""
        if self.shape.data == "timed":
            return dict(first_day=None, last_day=None, starts_at=self.starts_at, ends_at=self.ends_at)
        return dict(first_day=self.first_day.data, last_day=self.last_day.data, starts_at=None, ends_at=None)

    def show_shape(self, row) -> dict:
        """The shape fields as a row with days or instants (``local_start``/``local_end``) fills them."""
        if row.all_day:
            return dict(shape="days", first_day=row.first_day, last_day=row.last_day)
        start, end = row.local_start, row.local_end
        return dict(shape="timed", date=start.date(), start=start.time(), end=end.time(),
                    end_date=end.date() if end.date() != start.date() else None)


class EventForm(ShapeForm):
    slug = StringField("Address name (slug)", filters=STRIP,
                       validators=[DataRequired("Give a slug."), Length(max=80), slug_format])
    kind = SelectField("Kind", choices=options((k, k.replace("-", " ").capitalize()) for k in EVENT_KINDS))
    title = StringField("Title", filters=STRIP, validators=[DataRequired("Give a title."), Length(max=200)])
    description = TextAreaField("Description", filters=STRIP, validators=[Optional(), Length(max=5000), multi_line])
    location = StringField("Location (“Online” or a place)", filters=STRIP, default="Online",
                           validators=[DataRequired("Give a location, or “Online”."), Length(max=200)])
    timezone = SelectField("Time zone of its dates and times", validators=[InputRequired(), valid_zone],
                           validate_choice=False, default="Asia/Shanghai")
    submit = SubmitField("Save event")


class ProgrammeForm(Form):
    title = StringField("Title", filters=STRIP, validators=[DataRequired("Give a title."), Length(max=200)])
    description = TextAreaField("Description", filters=STRIP, validators=[Optional(), Length(max=5000), multi_line])
    timezone = SelectField("Time zone of its dates (the organisers')", validators=[InputRequired(), valid_zone],
                           validate_choice=False, default="Asia/Shanghai")
    first_day = DateField("First day", validators=[InputRequired("Give the first day."), sane_year])
    last_day = DateField("Last day", validators=[InputRequired("Give the last day."), sane_year])
    status = SelectField("Status", choices=options([
        (ProgrammeStatus.DRAFT.value, "Draft: organisers only"),
        (ProgrammeStatus.PUBLISHED.value, "Published: public, taking registrations and votes"),
        (ProgrammeStatus.ARCHIVED.value, "Archived: public, in the archive, taking no one new")]),
        default=ProgrammeStatus.DRAFT.value)
    submit = SubmitField("Save programme")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.first_day.data and self.last_day.data and self.last_day.data < self.first_day.data:
            self.last_day.errors.append("The last day must be on or after the first day.")
            valid = False
        return valid


class NewProgrammeForm(ProgrammeForm):
    slug = StringField("Address name (slug; its pages are /p/<slug>/, and it cannot change later)", filters=STRIP,
                       validators=[DataRequired("Give a slug."), Length(max=80), slug_format])


class DecisionForm(Form):
    """Accept or decline one application to a tour."""

    decision = HiddenField(validators=[DataRequired(), AnyOf(("accept", "decline"))])


class CityForm(Form):
    name = StringField("Name", filters=STRIP, validators=[DataRequired("Give the city's name."), Length(max=120)])
    slug = StringField("Address name (slug; made from the name when empty)", filters=STRIP,
                       validators=[Optional(), Length(max=80), slug_format])
    country = StringField("Country", filters=STRIP, validators=[DataRequired("Give the country."), Length(max=120)])
    region = StringField("Region (optional, e.g. the metropolis of a district)", filters=STRIP,
                         validators=[Optional(), Length(max=120)])
    timezone = SelectField("Time zone", validators=[InputRequired("Choose the city's time zone."), valid_zone],
                           validate_choice=False)
    submit = SubmitField("Save city")


class InitiativeForm(Form):
    #: A text area for a long title, but one line (it is not marked multi_line).
    title = TextAreaField("Initiative", filters=STRIP, validators=[DataRequired("Give the initiative's title."),
                                                                   Length(max=500)])
    city = SelectField("City", coerce=int, validators=[InputRequired("Choose the city.")])
    seminar = SelectField("Presented at", coerce=int, validators=[InputRequired("Choose the seminar.")])
    position = IntegerField("Order within the seminar", default=0, validators=[Optional(), NumberRange(0, 999)])
    submit = SubmitField("Save initiative")


class AnnouncementForm(Form):
    #: A fresh value per form: sending the same form twice queues its emails once.
    nonce = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    subject = StringField("Subject", filters=STRIP, validators=[DataRequired("Give a subject."), Length(max=150)])
    body = TextAreaField("Message", filters=STRIP, validators=[DataRequired("Write the message."), Length(max=10000),
                                                               multi_line])
    submit = SubmitField("Send to confirmed registrants")


class ImportForm(Form):
    file = FileField("Programme file (YAML, the format of the export)", validators=[FileRequired("Choose a file.")])
    submit = SubmitField("Preview the import")


class ApplyImportForm(Form):
    text = HiddenField(validators=[DataRequired(), programme_text])
    version = HiddenField()
    notify = BooleanField("Email registrants of seminars whose time changes or that are cancelled", default=True)
    submit = SubmitField("Apply all of it")


ROLE_CHOICES = [(Role.EDITOR.value, "Editor: edits the programmes ticked for them, sees their registrants"),
                (Role.ADMIN.value, "Admin: edits every programme, adds programmes, manages accounts")]


def _roles():
    return options(ROLE_CHOICES)


class AccountForm(Form):
    email = EmailField("Email", validators=[DataRequired("Please give an email address."), valid_email])
    name = StringField("Name (optional)", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=_roles(), default=Role.EDITOR.value)
    password = PasswordField("First password (at least 12 characters; tell it to them in person)",
                             validators=[DataRequired("Please give a first password."), Length(min=12, max=200)])
    #: Choices: every programme (set by the view).
    programmes = CheckboxesField("Programmes they edit", coerce=int)
    submit = SubmitField("Create account")


class AccountChangeForm(Form):
    role = SelectField("Role", choices=_roles())
    status = SelectField("Status", choices=options([("active", "Active"),
                                                    ("inactive", "Deactivated (cannot sign in)")]))
    #: Choices: every programme (set by the view).
    programmes = CheckboxesField("Programmes they edit", coerce=int)
    submit = SubmitField("Save")
