"""The zone picker page: its groups headed by region names, in the reader's language."""
from __future__ import annotations

import re


def test_picker_heads_each_group_with_its_region(client):
    page = client.get("/timezone").get_data(as_text=True)
    assert re.findall(r'<optgroup label="([^"]+)">', page) == [
        "UTC", "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
        "Pacific"]


def test_picker_with_an_unknown_zone_in_the_address_shows_the_message(client):
    response = client.get("/timezone?tz=Mars/Olympus")
    assert response.status_code == 200
    assert ("“Mars/Olympus” is not a time zone we know. Use an IANA name such as Europe/Berlin, "
            "America/Bogota or Asia/Shanghai.") in response.get_data(as_text=True)
