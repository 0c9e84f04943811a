"""Jinja filters and globals for zones and dates."""
from __future__ import annotations

from importlib.metadata import version

from flask import Flask

from app import clock
from calendars import zones


def register(app: Flask) -> None:
    app.add_template_filter(zones.zone_label, "zone_label")
    app.add_template_filter(zones.format_date_range, "date_range")
    app.add_template_filter(zones.format_day, "day")
    app.add_template_global(version("tzdata"), "tzdata_version")

    @app.template_filter("in_zone")
    def in_zone(instant, zone: str):
        return instant.astimezone(zones.get_zone(zone))

    @app.template_filter("current_offset")
    def current_offset(zone: str) -> str:
        return zones.offset_label(clock.now().astimezone(zones.get_zone(zone)))
