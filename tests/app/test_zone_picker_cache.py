"""The zone picker renders its few hundred options once per language and hour, then marks the
chosen zone: the markup is exactly what WTForms' own Select renders, in every language."""
from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale
from wtforms.widgets import Select

from app import form_fields
from app.form_fields import ZoneField, zone_select_choices
from app.forms import Form

JULY = dt.datetime(2023, 7, 1, 10, 17, tzinfo=dt.timezone.utc)


class _Picker(Form):
    class Meta:
        csrf = False

    timezone = ZoneField("Zone", validate_choice=False)


def _field(zone, now=JULY):
    form = _Picker(data={"timezone": zone})
    form.timezone.choices = zone_select_choices(now)
    return form.timezone


@pytest.mark.parametrize("language", ["en", "zh_Hans", "es", "fr", "ar"])
@pytest.mark.parametrize("zone", ["America/Bogota", "Asia/Shanghai", "UTC", None])
def test_the_cached_picker_is_byte_for_byte_wtforms_select(app, language, zone):
    with app.test_request_context(), force_locale(language):
        form_fields._RENDERED.clear()
        form_fields._CHOICES.clear()
        first = _field(zone)(required=True, **{"data-prefill-browser-zone": "1"})
        again = _field(zone)(required=True, **{"data-prefill-browser-zone": "1"})
        field = _field(zone)
        plain = Select()(field, required=True, **{"data-prefill-browser-zone": "1"})
    assert str(first) == str(plain)
    assert str(again) == str(plain)
    assert str(first).count(" selected ") == (0 if zone is None else 1)


def test_one_rendering_per_language_and_hour(app):
    with app.test_request_context():
        form_fields._RENDERED.clear()
        form_fields._CHOICES.clear()
        with force_locale("en"):
            _field("Asia/Shanghai")()
            _field("America/Bogota", JULY + dt.timedelta(minutes=40))()
        with force_locale("es"):
            html = str(_field("America/Bogota")())
        with force_locale("en"):
            january = str(_field("America/New_York", dt.datetime(2024, 1, 15, 12, tzinfo=dt.timezone.utc))())
    assert sorted((language, hour.isoformat()) for language, hour in form_fields._RENDERED) == [
        ("en", "2023-07-01T10:00:00+00:00"), ("en", "2024-01-15T12:00:00+00:00"), ("es", "2023-07-01T10:00:00+00:00")]
    assert '<optgroup label="América">' in html
    assert '<option selected value="America/New_York">America/New York (UTC-5)</option>' in january


def test_choices_of_another_kind_render_as_wtforms_does(app):
    with app.test_request_context():
        form = _Picker(data={"timezone": ""})
        form.timezone.choices = form_fields.options([("", "The city's zone")]) + zone_select_choices(JULY)
        html = str(form.timezone())
        assert html == str(Select()(form.timezone))
    assert html.startswith('<select id="timezone" name="timezone">'
                           '<option selected value="">The city&#39;s zone</option>')


def test_the_choices_are_built_once_per_language_and_hour(app):
    with app.test_request_context():
        form_fields._CHOICES.clear()
        with force_locale("fr"):
            first, again = zone_select_choices(JULY), zone_select_choices(JULY + dt.timedelta(minutes=42))
            later = zone_select_choices(JULY + dt.timedelta(hours=1))
    assert first is again and later is not first
    assert first.key == ("fr", dt.datetime(2023, 7, 1, 10, tzinfo=dt.timezone.utc))
    assert [c.optgroup for c in first][:2] == ["UTC", "Afrique"]
