"""Coordinates: one check and one way of writing them, for GEO and map links."""
from __future__ import annotations

import math

import pytest

from calendars import geo


@pytest.mark.parametrize(("value", "text"), [
    (23.12911, "23.129110"), (113.264385, "113.264385"), (-74.0721, "-74.072100"), (0, "0.000000"),
    (-0.0000001, "0.000000"), (-0.0, "0.000000"), (55.79616849, "55.796168"), (-90, "-90.000000"),
    (180, "180.000000")])
def test_degrees_have_six_decimals_and_no_negative_zero(value, text):
    assert geo.degrees(value) == text


def test_check_returns_floats():
    assert geo.check(55, 49.106414) == (55.0, 49.106414)
    assert geo.check(-90, 180) == (-90.0, 180.0)


@pytest.mark.parametrize(("lat", "lon", "message"), [
    (113.264385, 23.12911, "latitude 113.264385 is outside -90..90"),
    (23.12911, -180.5, "longitude -180.5 is outside -180..180"),
    (math.nan, 0, "nan is not a coordinate in degrees"),
    (0, math.inf, "inf is not a coordinate in degrees"),
    ("23.1", 0, "'23.1' is not a coordinate in degrees"),
    (True, 0, "True is not a coordinate in degrees")])
def test_check_refuses_what_is_not_a_place(lat, lon, message):
    with pytest.raises(ValueError) as error:
        geo.check(lat, lon)
    assert str(error.value) == message
