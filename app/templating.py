"""Jinja filters and globals for zones and dates, written in the language in force."""
from __future__ import annotations

from importlib.metadata import version

from babel.lists import format_list
from flask import Flask
from markupsafe import Markup, escape

from app import clock, content, labels
from app.calendar_entries import when_text
from app.i18n import cldr
from calendars import display, zones


def register(app: Flask) -> None:
    app.add_template_global(version("tzdata"), "tzdata_version")
    app.add_template_filter(content.text, "tr")
    app.add_template_filter(content.place, "tr_place")
    app.add_template_filter(content.event_location, "event_location")
    app.add_template_global(labels.status, "status_label")
    app.add_template_global(labels.field, "field_label")
    app.add_template_global(when_text, "when_text")

    @app.template_filter("zone_label")
    def zone_label(zone: str) -> str:
        return zones.zone_label(zone, cldr())

    @app.template_filter("date_range")
    def date_range(first, last) -> str:
        return zones.format_date_range(first, last, cldr())

    @app.template_filter("day")
    def day(value, year: bool = True) -> str:
        return zones.format_day(value, year, cldr())

    @app.template_filter("wall_time")
    def wall_time(local, seconds: bool = False) -> str:
        """A datetime as read on its own zone's clock: ``Mon, 6 Nov 2023, 20:30``."""
        return display.day_and_clock(local.replace(tzinfo=None), cldr(), seconds)

    @app.template_filter("clock")
    def clock_time(local) -> str:
        return zones.format_clock(local.time(), cldr())

    @app.template_filter("list_text")
    def list_text(items) -> Markup:
        """Names joined as the language joins a list: ``Xianning, Kazan and Tehran``,
        ``咸宁、喀山和德黑兰``; markup items (links) are kept, text is escaped."""
        items = [str(escape(item)) for item in items]
        # Safe: each item was escaped above, and CLDR's list patterns hold no markup.
        return Markup(format_list(items, locale=cldr())) if items else Markup("")  # noqa: S704

    @app.template_filter("in_zone")
    def in_zone(instant, zone: str):
        return instant.astimezone(zones.get_zone(zone))

    @app.template_filter("current_offset")
    def current_offset(zone: str) -> str:
        return zones.offset_label(clock.now().astimezone(zones.get_zone(zone)))
