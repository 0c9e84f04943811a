"""Fields and checks that the forms of several features share (registration, auth, organise,
vote), so that no feature imports another feature's forms to get them."""
from __future__ import annotations

import threading
from collections import OrderedDict

from email_validator import EmailNotValidError
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import SelectField, SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select, html_params

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


class ZoneChoices(list):
    """The zone picker's choices, with the key (language, hour) that its rendered options are
    cached under: the labels depend on nothing else."""

    def __init__(self, choices, key):
        super().__init__(choices)
        self.key = key


#: The choices, and their rendered options, by (language, hour): a few hundred <option>s with
#: translated group labels cost milliseconds to build. Callers never change the list.
_CHOICES: OrderedDict[tuple, ZoneChoices] = OrderedDict()
_RENDERED: OrderedDict[tuple, str] = OrderedDict()
_RENDERED_LOCK = threading.Lock()
_RENDERED_KEEP = 16


def _keep(cache: OrderedDict, key, value) -> None:
    cache[key] = value
    while len(cache) > _RENDERED_KEEP:
        cache.popitem(last=False)


def zone_select_choices(now) -> ZoneChoices:
    """IANA zones grouped by region, labelled with the offsets in force at ``now`` (to the hour)."""
    key = (str(get_locale()), zones.to_utc(now).replace(minute=0, second=0, microsecond=0))
    with _RENDERED_LOCK:
        choices = _CHOICES.get(key)
    if choices is None:
        choices = ZoneChoices([SelectChoice(name, label, optgroup=group) for region, options in zones.zone_choices(now)
                               for group in (region_name(region),) for name, label in options], key)
        with _RENDERED_LOCK:
            _keep(_CHOICES, key, choices)
    return choices


class ZoneSelect(Select):
    """A <select> that renders the options of :class:`ZoneChoices` once per language and hour,
    then only marks the chosen zone; any other choices render as WTForms does."""

    def __call__(self, field, **kwargs):
        choices = field.choices
        if not isinstance(choices, ZoneChoices):
            return super().__call__(field, **kwargs)
        with _RENDERED_LOCK:
            options = _RENDERED.get(choices.key)
        if options is None:
            options = _render_options(field, **kwargs)
            with _RENDERED_LOCK:
                _keep(_RENDERED, choices.key, options)
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag, False):
                kwargs[flag] = getattr(field.flags, flag)
        if field.data:
            value = escape(field.data)
            options = options.replace(f'<option value="{value}">', f'<option selected value="{value}">', 1)
        # html_params escapes the attributes; the options are WTForms' own escaped markup.
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704


def _render_options(field, **kwargs) -> str:
    """The options between <select> and </select>, none selected, exactly as WTForms renders them."""
    data, field.data = field.data, None
    try:
        html = Select()(field, **kwargs)
    finally:
        field.data = data
    return str(html)[str(html).index(">") + 1:-len("</select>")]


class ZoneField(SelectField):
    """A zone picker; its choices come from :func:`zone_select_choices` in the view."""

    widget = ZoneSelect()


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class ActionForm(Form):
    """A button that changes something (drop a seminar, cancel everything, new feed link)."""

    submit = SubmitField(_l("Go"))
