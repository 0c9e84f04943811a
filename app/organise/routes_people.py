"""Console pages about people: a seminar's registrants (list, CSV, announcement), the audit log,
and organiser accounts (admins only)."""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app import audit
from app.auth.forms import AccountChangeForm, AccountForm
from app.auth.service import AccountError, admin_required, create_organiser, end_sessions
from app.extensions import db
from app.models import Organiser, Seminar
from app.organise import bp, people
from app.organise.forms import AnnouncementForm
from app.organise.routes import csv_download, get_or_404


def _now():
    return current_app.config["CLOCK"]()


@bp.route("/seminars/<slug>/registrants")
def registrants(slug: str):
    seminar = get_or_404(Seminar, slug=slug)
    status = request.args.get("status")
    return render_template("organise/registrants.html", seminar=seminar, counts=people.counts(seminar),
                           registrations=people.registrations(seminar, status),
                           status=status if status in people.STATUSES else None)


@bp.route("/seminars/<slug>/registrants.csv")
def registrants_csv(slug: str):
    seminar = get_or_404(Seminar, slug=slug)
    return csv_download(people.registrants_csv(seminar), f"{seminar.slug}-registrants.csv")


@bp.route("/seminars/<slug>/announce", methods=["GET", "POST"])
def announce(slug: str):
    seminar = get_or_404(Seminar, slug=slug)
    form = AnnouncementForm()
    if request.method == "GET":
        form.nonce.data = secrets.token_urlsafe(18)
    if form.validate_on_submit():
        queued = people.announce(seminar, form.nonce.data, form.subject.data, form.body.data, _now())
        flash(f"Your message is queued for {queued} confirmed registrant{'s' if queued != 1 else ''}."
              if queued else "Nothing new was queued: this message was already sent, or the seminar has no "
                             "confirmed registrants.", "success")
        return redirect(url_for("organise.registrants", slug=seminar.slug), code=303)
    confirmed = people.counts(seminar)["confirmed"]
    return render_template("organise/announce.html", seminar=seminar, form=form, confirmed=confirmed), \
        400 if form.errors else 200


@bp.route("/audit")
def audit_log():
    return render_template("organise/audit.html", entries=audit.recent(500))


@bp.route("/accounts", methods=["GET", "POST"])
@admin_required
def accounts():
    form = AccountForm()
    if form.validate_on_submit():
        try:
            organiser = create_organiser(form.email.data, form.password.data, form.role.data, form.name.data or "")
            db.session.flush()
            audit.record("added", "organiser", organiser.email, {"role": [None, organiser.role]}, now=_now())
            db.session.commit()
        except AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            flash(f"Account {organiser.email} created ({organiser.role}).", "success")
            return redirect(url_for("organise.accounts"), code=303)
    rows = db.session.scalars(sa.select(Organiser).order_by(Organiser.email)).all()
    changes = {o.id: AccountChangeForm(prefix=f"a{o.id}", data={"role": o.role,
                                                                "status": "active" if o.active else "inactive"})
               for o in rows}
    return render_template("organise/accounts.html", form=form, organisers=rows, changes=changes), \
        400 if form.errors else 200


@bp.route("/accounts/<int(max=2147483647):organiser_id>", methods=["POST"])
@admin_required
def account(organiser_id: int):
    organiser = get_or_404(Organiser, id=organiser_id)
    form = AccountChangeForm(prefix=f"a{organiser.id}")
    if not form.validate_on_submit():
        abort(400, description="The form expired or was incomplete. Please go back and try again.")
    if organiser.id == current_user.id and (form.role.data != organiser.role or form.status.data != "active"):
        flash("You cannot demote or deactivate your own account: ask another admin.", "error")
        return redirect(url_for("organise.accounts"), code=303)
    before = {"role": organiser.role, "active": organiser.active}
    organiser.role, organiser.active = form.role.data, form.status.data == "active"
    if not organiser.active and before["active"]:
        end_sessions(organiser)
    changes = audit.diff(before, {"role": organiser.role, "active": organiser.active})
    if changes:
        audit.record("changed", "organiser", organiser.email, changes, now=_now())
    db.session.commit()
    flash(f"{organiser.email}: saved." if changes else "Nothing changed.", "success")
    return redirect(url_for("organise.accounts"), code=303)
