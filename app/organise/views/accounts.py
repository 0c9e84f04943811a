"""Console pages of organiser accounts (admins only): the list, a new account, a role or status
change. The rules live in app/auth/service.py; these views only call them."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app import clock
from app.organise.forms import AccountChangeForm, AccountForm
from app.auth.service import AccountError, add_account, admin_required, change_account
from app.extensions import db
from app.models import Organiser
from app.organise.views.helpers import missing


@admin_required
def accounts():
    form = AccountForm()
    if form.validate_on_submit():
        try:
            organiser = add_account(form.email.data, form.password.data, form.role.data, form.name.data or "",
                                    clock.now())
        except AccountError as error:
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


@admin_required
def account(organiser_id: int):
    organiser = db.get_or_404(Organiser, organiser_id, description=missing(Organiser))
    form = AccountChangeForm(prefix=f"a{organiser.id}")
    if not form.validate_on_submit():
        abort(400, description="The form expired or was incomplete. Please go back and try again.")
    try:
        changes = change_account(organiser, form.role.data, form.status.data == "active", current_user, clock.now())
    except AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("organise.accounts"), code=303)
    flash(f"{organiser.email}: saved." if changes else "Nothing changed.", "success")
    return redirect(url_for("organise.accounts"), code=303)
