"""One seminar as an email shows it to one registrant: their zone first, the organisers' below."""
from __future__ import annotations

from dataclasses import dataclass

from app.calendar_entries import when_text
from app.i18n import cldr
from app.models import Registration, Seminar
from app.urls import absolute_url, page_url
from calendars import zones


@dataclass(frozen=True)
class SeminarView:
    """One seminar as an email shows it to one registrant."""

    seminar: Seminar
    local: zones.LocalRange
    organiser: zones.LocalRange | None
    page: str
    join: str

    @property
    def when(self) -> str:
        """``Mon 6 Nov 2023, 07:30–09:00 Bogota time (America/Bogota, UTC-5)``."""
        return when_text(self.local)

    @property
    def organiser_when(self) -> str:
        return when_text(self.organiser) if self.organiser else ""


def view(registration: Registration, zone: str) -> SeminarView:
    seminar = registration.seminar
    local = zones.local_range(seminar.starts_at, seminar.ends_at, zone, cldr())
    organiser = None if zones.zone_name(seminar.timezone) == local.zone else \
        zones.local_range(seminar.starts_at, seminar.ends_at, seminar.timezone, cldr())
    page = page_url("programme.seminar", programme=seminar.event.programme.slug, slug=seminar.slug)
    join = absolute_url("registration.join", token=registration.join_token)
    return SeminarView(seminar, local, organiser, page, join)
