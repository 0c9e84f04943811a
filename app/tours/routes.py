from __future__ import annotations

from flask import g, render_template

from app import clock
from app.applications import service as applications
from app.tours import bp, service


@bp.app_template_global()
def programme_tours(programme):
    """The programme's tours, for its page."""
    return service.tours_of(programme)


@bp.get("/p/<programme>/tours")
def tours():
    return render_template("tours/tours.html", tours=service.tours_of(g.programme))


@bp.get("/p/<programme>/tours/<slug>")
def tour(slug: str):
    found = service.tour_or_404(g.programme, slug)
    return render_template("tours/tour.html", tour=found, about=service.summary(found),
                           legs=service.itinerary_for(found, g.zone.name),
                           closed=applications.closed_reason(found, clock.now()),
                           seats=applications.seats_left(found))
