"""Console pages of a seminar's registrants: the list (by status), its CSV, an announcement to the
confirmed ones."""
from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, request, url_for

from flask_babel import gettext as _
from flask_babel import ngettext

from app import clock
from app.csv_export import csv_download
from app.organise import registrants
from app.organise.progress import emails_progress
from app.organise.forms import AnnouncementForm
from app.organise.views.helpers import seminar_or_404


def listing(slug: str):
    seminar = seminar_or_404(slug)
    status = request.args.get("status")
    return render_template("organise/registrants.html", seminar=seminar, counts=registrants.counts(seminar),
                           emails_progress=emails_progress(seminar),
                           registrations=registrants.registrations(seminar, status),
                           status=status if status in registrants.STATUSES else None)


def csv_file(slug: str):
    seminar = seminar_or_404(slug)
    return csv_download(registrants.registrants_csv(seminar), f"{seminar.slug}-registrants.csv")


def announce(slug: str):
    seminar = seminar_or_404(slug)
    form = AnnouncementForm()
    if request.method == "GET":
        form.nonce.data = secrets.token_urlsafe(18)
    if form.validate_on_submit():
        queued = registrants.announce(seminar, form.nonce.data, form.subject.data, form.body.data, clock.now())
        flash(ngettext("Your message is being queued for %(num)d confirmed registrant.",
                       "Your message is being queued for %(num)d confirmed registrants.", queued)
              if queued else _("Nothing new was queued: this message was already sent, or the seminar has no "
                               "confirmed registrants."), "success")
        return redirect(url_for("organise.registrants", slug=seminar.slug), code=303)
    confirmed = registrants.counts(seminar)["confirmed"]
    return render_template("organise/announce.html", seminar=seminar, form=form, confirmed=confirmed), \
        400 if form.errors else 200
