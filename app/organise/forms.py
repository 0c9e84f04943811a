"""Console forms (app.forms.Form: CSRF and the text rule on every one). Checks that need the database
live in the service."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, HiddenField, IntegerField, PasswordField, RadioField,
                     SelectField, StringField, SubmitField, TextAreaField, TimeField)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app import languages, time_problems
from app.form_fields import CheckboxesField, ZoneField, options, valid_email, valid_zone
from app.forms import Form, multi_line, programme_text
from app.models import ProgrammeStatus, Role, SeminarStatus
from app.models.events import EVENT_KINDS
from app.programme_file.fields import FIRST_YEAR, LAST_YEAR
from app.slugs import is_slug
from app import labels
from calendars.walltimes import TimeProblem, resolve


def slug_format(form, field):
    if field.data and not is_slug(field.data):
        raise ValidationError(_("Use at most 80 lowercase ASCII letters, digits and single hyphens, "
                                "such as “seminar-5”."))
    if field.data == "new":
        raise ValidationError(_("“new” is the address of the form for a new entry; choose another name."))


def http_url(form, field):
    if field.data and not re.match(r"^https?://[^\s/]+\S*$", field.data, re.IGNORECASE):
        raise ValidationError(_("Give an address that starts with http:// or https://."))


def sane_year(form, field):
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_("Give a date between %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR))


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
                        f.errors.append(_("Please fill this in."))
            return False
        try:
            self.starts_at, self.ends_at = resolve(self.date.data, self.start.data, self.end.data,
                                                   self.end_date.data, self.timezone.data,
                                                   self.start_fold.data, self.end_fold.data)
        except TimeProblem as problem:
            getattr(self, problem.field).errors.append(time_problems.form_problem(problem))
            if problem.choices:
                fold = getattr(self, f"{problem.field}_fold")
                fold.choices, fold.ambiguous = options(time_problems.fold_choices(problem)), True
            return False
        return True


def _fold_field():
    field = RadioField(_l("Which one?"), choices=options([("0", _l("The first")), ("1", _l("The second"))]),
                       validators=[Optional()],
                       validate_choice=False)
    return field


class SeminarForm(TimedForm):
    #: The seminar's updated_at when the form was shown: a save over someone else's newer edit is refused.
    loaded = HiddenField()
    event = SelectField(_l("Part of"), coerce=int, validators=[InputRequired(_l("Choose the event."))])
    number = IntegerField(_l("Number"), validators=[InputRequired(_l("Give the seminar's number.")),
                                                    NumberRange(1, 999)])
    slug = StringField(_l("Address name (slug)"), filters=STRIP, validators=[Optional(), Length(max=80), slug_format])
    title = StringField(_l("Title"), filters=STRIP, validators=[DataRequired(_l("Give a title.")), Length(max=200)])
    theme = TextAreaField(_l("Theme"), filters=STRIP, validators=[Optional(), Length(max=5000), multi_line])
    timezone = ZoneField(_l("Time zone of the date and times below"), validators=[InputRequired(), valid_zone],
                         validate_choice=False, default="Asia/Shanghai")
    date = DateField(_l("Date"), validators=[InputRequired(_l("Give the date.")), sane_year])
    start = TimeField(_l("Starts"), validators=[InputRequired(_l("Give the start time."))])
    start_fold = _fold_field()
    end = TimeField(_l("Ends"), validators=[InputRequired(_l("Give the end time."))])
    end_fold = _fold_field()
    end_date = DateField(_l("Ends on (only if after midnight)"), validators=[Optional(), sane_year])
    meeting_provider = StringField(_l("Meeting service"), filters=STRIP, default="Zoom",
                                   validators=[Optional(), Length(max=40)])
    join_url = StringField(_l("Join address"), filters=STRIP, validators=[Optional(), Length(max=500), http_url])
    meeting_id = StringField(_l("Meeting ID"), filters=STRIP, validators=[Optional(), Length(max=40)])
    passcode = StringField(_l("Passcode"), filters=STRIP, validators=[Optional(), Length(max=40)])
    capacity = IntegerField(_l("Seats (empty for no limit)"), validators=[Optional(), NumberRange(1, 1_000_000)])
    reminders = CheckboxesField(_l("Reminders sent before the start"), coerce=int,
                                choices=options(labels.REMINDERS.items()))
    status = SelectField(_l("Status"), choices=options([(SeminarStatus.SCHEDULED.value, _l("Scheduled")),
                                                    (SeminarStatus.CANCELLED.value, _l("Cancelled"))]))
    notify = BooleanField(_l("Email registrants about a new time or a cancellation"), default=True)
    note = TextAreaField(_l("Note for the cancellation email (optional)"), filters=STRIP,
                         validators=[Optional(), Length(max=2000), multi_line])
    submit = SubmitField(_l("Save seminar"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self.resolve_times() and valid


class ShapeForm(TimedForm):
    """Whole days (a date range) or set times (``TimedForm``) in the zone of the ``timezone`` field."""

    shape = RadioField(_l("It runs"), choices=options([("days", _l("Whole days (a date range)")),
                                                       ("timed", _l("At set times"))]), default="days")
    first_day = DateField(_l("First day"), validators=[Optional(), sane_year])
    last_day = DateField(_l("Last day"), validators=[Optional(), sane_year])
    date = DateField(_l("Date"), validators=[Optional(), sane_year])
    start = TimeField(_l("Starts"), validators=[Optional()])
    start_fold = _fold_field()
    end = TimeField(_l("Ends"), validators=[Optional()])
    end_fold = _fold_field()
    end_date = DateField(_l("Ends on (only if another day)"), validators=[Optional(), sane_year])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.shape.data == "timed":
            return self.resolve_times() and valid
        for f, message in ((self.first_day, _("Give the first day.")), (self.last_day, _("Give the last day."))):
            if f.data is None and not f.errors:
                f.errors.append(message)
                valid = False
        if self.first_day.data and self.last_day.data and self.last_day.data < self.first_day.data:
            self.last_day.errors.append(_("The last day must be on or after the first day."))
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
    slug = StringField(_l("Address name (slug)"), filters=STRIP,
                       validators=[DataRequired(_l("Give a slug.")), Length(max=80), slug_format])
    kind = SelectField(_l("Kind"), choices=options((k, labels.KINDS.get(k, k)) for k in EVENT_KINDS))
    title = StringField(_l("Title"), filters=STRIP, validators=[DataRequired(_l("Give a title.")), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=STRIP, validators=[Optional(), Length(max=5000), multi_line])
    location = StringField(_l("Location (“Online” or a place)"), filters=STRIP, default="Online",
                           validators=[DataRequired(_l("Give a location, or “Online”.")), Length(max=200)])
    timezone = ZoneField(_l("Time zone of its dates and times"), validators=[InputRequired(), valid_zone],
                         validate_choice=False, default="Asia/Shanghai")
    submit = SubmitField(_l("Save event"))


class ProgrammeForm(Form):
    title = StringField(_l("Title"), filters=STRIP, validators=[DataRequired(_l("Give a title.")), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=STRIP, validators=[Optional(), Length(max=5000), multi_line])
    timezone = ZoneField(_l("Time zone of its dates (the organisers')"), validators=[InputRequired(), valid_zone],
                         validate_choice=False, default="Asia/Shanghai")
    first_day = DateField(_l("First day"), validators=[InputRequired(_l("Give the first day.")), sane_year])
    last_day = DateField(_l("Last day"), validators=[InputRequired(_l("Give the last day.")), sane_year])
    status = SelectField(_l("Status"), choices=options([
        (ProgrammeStatus.DRAFT.value, _l("Draft: organisers only")),
        (ProgrammeStatus.PUBLISHED.value, _l("Published: public, taking registrations and votes")),
        (ProgrammeStatus.ARCHIVED.value, _l("Archived: public, in the archive, taking no one new"))]),
        default=ProgrammeStatus.DRAFT.value)
    submit = SubmitField(_l("Save programme"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.first_day.data and self.last_day.data and self.last_day.data < self.first_day.data:
            self.last_day.errors.append(_("The last day must be on or after the first day."))
            valid = False
        return valid


class NewProgrammeForm(ProgrammeForm):
    slug = StringField(_l("Address name (slug; its pages are /p/<slug>/, and it cannot change later)"), filters=STRIP,
                       validators=[DataRequired(_l("Give a slug.")), Length(max=80), slug_format])


class DecisionForm(Form):
    """Accept or decline one application to a tour."""

    decision = HiddenField(validators=[DataRequired(), AnyOf(("accept", "decline"))])


class CityForm(Form):
    name = StringField(_l("Name"), filters=STRIP, validators=[DataRequired(_l("Give the city's name.")),
                                                              Length(max=120)])
    slug = StringField(_l("Address name (slug; made from the name when empty)"), filters=STRIP,
                       validators=[Optional(), Length(max=80), slug_format])
    country = StringField(_l("Country"), filters=STRIP, validators=[DataRequired(_l("Give the country.")),
                                                                    Length(max=120)])
    region = StringField(_l("Region (optional, e.g. the metropolis of a district)"), filters=STRIP,
                         validators=[Optional(), Length(max=120)])
    timezone = ZoneField(_l("Time zone"), validators=[InputRequired(_l("Choose the city's time zone.")), valid_zone],
                         validate_choice=False)
    submit = SubmitField(_l("Save city"))


class InitiativeForm(Form):
    #: A text area for a long title, but one line (it is not marked multi_line).
    title = TextAreaField(_l("Initiative"), filters=STRIP, validators=[DataRequired(_l("Give the initiative's title.")),
                                                                   Length(max=500)])
    city = SelectField(_l("City"), coerce=int, validators=[InputRequired(_l("Choose the city."))])
    seminar = SelectField(_l("Presented at"), coerce=int, validators=[InputRequired(_l("Choose the seminar."))])
    position = IntegerField(_l("Order within the seminar"), default=0, validators=[Optional(), NumberRange(0, 999)])
    submit = SubmitField(_l("Save initiative"))


class AnnouncementForm(Form):
    #: A fresh value per form: sending the same form twice queues its emails once.
    nonce = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    subject = StringField(_l("Subject"), filters=STRIP, validators=[DataRequired(_l("Give a subject.")),
                                                                    Length(max=150)])
    body = TextAreaField(_l("Message"), filters=STRIP, validators=[DataRequired(_l("Write the message.")),
                                                                   Length(max=10000), multi_line])
    submit = SubmitField(_l("Send to confirmed registrants"))


class ImportForm(Form):
    file = FileField(_l("Programme file (YAML, the format of the export)"),
                     validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Preview the import"))


class ApplyImportForm(Form):
    text = HiddenField(validators=[DataRequired(), programme_text])
    version = HiddenField()
    notify = BooleanField(_l("Email registrants of seminars whose time changes or that are cancelled"), default=True)
    submit = SubmitField(_l("Apply all of it"))


ROLE_CHOICES = [(Role.EDITOR.value, _l("Editor: edits the programmes ticked for them, sees their registrants")),
                (Role.ADMIN.value, _l("Admin: edits every programme, adds programmes, manages accounts"))]


def _roles():
    return options(ROLE_CHOICES)


class AccountForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please give an email address.")), valid_email])
    name = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=_roles(), default=Role.EDITOR.value)
    password = PasswordField(_l("First password (at least 12 characters; tell it to them in person)"),
                             validators=[DataRequired(_l("Please give a first password.")), Length(min=12, max=200)])
    #: Choices: every programme (set by the view).
    programmes = CheckboxesField(_l("Programmes they edit"), coerce=int)
    submit = SubmitField(_l("Create account"))


class AccountChangeForm(Form):
    role = SelectField(_l("Role"), choices=_roles())
    status = SelectField(_l("Status"), choices=options([("active", _l("Active")),
                                                    ("inactive", _l("Deactivated (cannot sign in)"))]))
    #: Choices: every programme (set by the view).
    programmes = CheckboxesField(_l("Programmes they edit"), coerce=int)
    submit = SubmitField(_l("Save"))


class LanguageForm(Form):
    """An organiser's own choice: the language of the console's pages and messages."""

    language = SelectField(_l("Language of the console"), validate_choice=False,
                           choices=options((lang.code, lang.name) for lang in languages.LANGUAGES.values()),
                           validators=[AnyOf(list(languages.LANGUAGES),
                                             message=_l("Choose one of the languages listed."))])
    submit = SubmitField(_l("Save"))
