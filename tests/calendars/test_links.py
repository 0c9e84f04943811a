"""Map links for a venue: plain links to OpenStreetMap's own pages."""
from __future__ import annotations

import pytest

from calendars import links


def test_openstreetmap_marks_and_centres_the_venue():
    assert links.openstreetmap(23.12911, 113.264385) == (
        "https://www.openstreetmap.org/?mlat=23.129110&mlon=113.264385#map=17/23.129110/113.264385")


def test_openstreetmap_west_and_south_of_greenwich_with_a_zoom():
    assert links.openstreetmap(-33.8567844, -70.6493, zoom=12) == (
        "https://www.openstreetmap.org/?mlat=-33.856784&mlon=-70.649300#map=12/-33.856784/-70.649300")


@pytest.mark.parametrize(("args", "message"), [
    ((91, 0), "latitude 91 is outside -90..90"),
    ((0, 0, 20), "zoom 20 is not a whole number from 0 to 19"),
    ((0, 0, 16.5), "zoom 16.5 is not a whole number from 0 to 19")])
def test_openstreetmap_refuses_a_bad_point_or_zoom(args, message):
    with pytest.raises(ValueError) as error:
        links.openstreetmap(*args)
    assert str(error.value) == message


def test_openstreetmap_search_encodes_the_address():
    assert links.openstreetmap_search(" Kremlyovskaya St, 18, Kazan & Tatarstan / Russia ") == (
        "https://www.openstreetmap.org/search?query=Kremlyovskaya%20St%2C%2018%2C%20Kazan%20%26%20Tatarstan"
        "%20%2F%20Russia")
    assert links.openstreetmap_search("Carrera 7 #6-16, Bogotá") == (
        "https://www.openstreetmap.org/search?query=Carrera%207%20%236-16%2C%20Bogot%C3%A1")


def test_openstreetmap_search_refuses_a_blank_address():
    with pytest.raises(ValueError):
        links.openstreetmap_search("  ")
