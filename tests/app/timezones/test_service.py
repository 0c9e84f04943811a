"""The region names that head the zone picker's groups."""
from __future__ import annotations

from app.timezones.service import region_name


def test_region_name_of_the_indian_ocean_is_as_the_tz_database_spells_it_in_english(app):
    with app.test_request_context("/"):
        assert [region_name(r) for r in ("UTC", "Africa", "America", "Indian", "Pacific")] == [
            "UTC", "Africa", "America", "Indian", "Pacific"]


def test_region_name_of_an_unknown_region_is_kept(app):
    with app.test_request_context("/"):
        assert region_name("Etc") == "Etc"

