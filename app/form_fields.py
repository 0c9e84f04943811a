"""Fields and checks that the forms of several features share (registration, auth, organise,
vote), so that no feature imports another feature's forms to get them."""
from __future__ import annotations

from email_validator import EmailNotValidError
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.addresses import normalise_email
from app.forms import Form
from app.time_problems import zone_refusal
from app.timezones.service import region_name
from calendars import zones

class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def valid_email(form, field):
    try:
        field.data = normalise_email(field.data or "")
    except EmailNotValidError as error:
        raise ValidationError(_("That email address is not valid: %(reason)s", reason=str(error))) from None
    if len(field.data) > 254:
        raise ValidationError(_("That email address is too long."))


def valid_zone(form, field):
    try:
        field.data = zones.zone_name(field.data)
    except zones.UnknownZone as error:
        raise ValidationError(zone_refusal(error.name)) from None


def zone_select_choices(now) -> list[SelectChoice]:
    """IANA zones grouped by region, labelled with the offsets in force at ``now``."""
    return [SelectChoice(name, label, optgroup=group) for region, options in zones.zone_choices(now)
            for group in (region_name(region),) for name, label in options]  # one region name per region


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class ActionForm(Form):
    """A button that changes something (drop a seminar, cancel everything, new feed link)."""

    submit = SubmitField(_l("Go"))
