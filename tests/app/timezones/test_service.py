"""The words the zone picker and forms show about zones: region names and the unknown-zone message."""
from __future__ import annotations

from app.timezones.service import region_name, unknown_zone_message
from calendars import zones


def test_region_name_of_the_indian_ocean_is_as_the_tz_database_spells_it_in_english(app):
    with app.test_request_context("/"):
        assert [region_name(r) for r in ("UTC", "Africa", "America", "Indian", "Pacific")] == [
            "UTC", "Africa", "America", "Indian", "Pacific"]


def test_region_name_of_an_unknown_region_is_kept(app):
    with app.test_request_context("/"):
        assert region_name("Etc") == "Etc"


def test_unknown_zone_message_names_the_zone_in_english(app):
    with app.test_request_context("/"):
        assert unknown_zone_message(zones.UnknownZone("Mars/Olympus")) == (
            "“Mars/Olympus” is not a time zone we know. Use an IANA name such as Europe/Berlin, "
            "America/Bogota or Asia/Shanghai.")


def test_unknown_zone_message_cuts_a_long_name_as_calendars_does(app):
    with app.test_request_context("/"):
        assert unknown_zone_message(zones.UnknownZone("x" * 500)) == (
            f"“{'x' * 64}” is not a time zone we know. Use an IANA name such as "
            "Europe/Berlin, America/Bogota or Asia/Shanghai.")
