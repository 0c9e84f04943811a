"""Console pages of organiser accounts (admins only): the list, a new account, a change of role,
status or programmes. The rules live in app/auth/service.py; these views only call them."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app import clock
from app.auth.grants import granted_ids
from app.auth.service import AccountError, add_account, admin_required, change_account
from app.extensions import db
from app.form_fields import options
from app.models import Organiser, Programme
from app.organise.forms import AccountChangeForm, AccountForm
from app.organise.views.helpers import missing


def _with_programmes(form):
    form.programmes.choices = options((p.id, p.title) for p in db.session.scalars(
        sa.select(Programme).order_by(Programme.first_day.desc(), Programme.slug)))
    return form


def _change_form(organiser: Organiser, data: dict | None = None) -> AccountChangeForm:
    return _with_programmes(AccountChangeForm(prefix=f"a{organiser.id}", data=data))


@admin_required
def accounts():
    form = _with_programmes(AccountForm())
    if form.validate_on_submit():
        try:
            organiser = add_account(form.email.data, form.password.data, form.role.data, form.name.data or "",
                                    clock.now(), set(form.programmes.data or []))
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"Account {organiser.email} created ({organiser.role}).", "success")
            return redirect(url_for("organise.accounts"), code=303)
    rows = db.session.scalars(sa.select(Organiser).order_by(Organiser.email)).all()
    changes = {o.id: _change_form(o, {"role": o.role, "status": "active" if o.active else "inactive",
                                      "programmes": sorted(granted_ids(o))}) for o in rows}
    return render_template("organise/accounts.html", form=form, organisers=rows, changes=changes), \
        400 if form.errors else 200


@admin_required
def account(organiser_id: int):
    organiser = db.get_or_404(Organiser, organiser_id, description=missing(Organiser))
    form = _change_form(organiser)
    if not form.validate_on_submit():
        abort(400, description="The form expired or was incomplete. Please go back and try again.")
    try:
        changes = change_account(organiser, form.role.data, form.status.data == "active", current_user, clock.now(),
                                 set(form.programmes.data or []))
    except AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("organise.accounts"), code=303)
    flash(f"{organiser.email}: saved." if changes else "Nothing changed.", "success")
    return redirect(url_for("organise.accounts"), code=303)
