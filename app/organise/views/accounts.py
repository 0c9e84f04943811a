"""Console pages of organiser accounts: for admins the list, a new account, a change of role,
status or programmes; for every organiser their own account's language. The rules live in
app/auth/service.py; these views only call them."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import clock, languages
from app.auth.grants import granted_ids
from app.auth.service import AccountError, add_account, admin_required, change_account, set_language
from app.extensions import db
from app.form_fields import options
from app.models import Organiser, Programme
from app.organise.forms import AccountChangeForm, AccountForm, LanguageForm
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
            flash(_("Account %(email)s created (%(role)s).", email=organiser.email, role=organiser.role), "success")
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
        abort(400, description=_("The form expired or was incomplete. Please go back and try again."))
    try:
        changes = change_account(organiser, form.role.data, form.status.data == "active", current_user, clock.now(),
                                 set(form.programmes.data or []))
    except AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("organise.accounts"), code=303)
    flash(_("%(email)s: saved.", email=organiser.email) if changes else _("Nothing changed."), "success")
    return redirect(url_for("organise.accounts"), code=303)


def own_account():
    """Any organiser's own settings: the language of the console (their account's)."""
    form = LanguageForm(data={"language": current_user.language} if request.method == "GET" else None)
    if form.validate_on_submit():
        code = form.language.data
        changed = set_language(current_user, code, clock.now())
        with force_locale(languages.LANGUAGES[code].cldr):  # the page that follows is in the new language
            flash(_("The console is now in %(language)s.", language=languages.LANGUAGES[code].name) if changed
                  else _("Nothing changed."), "success")
        return redirect(url_for("organise.own_account"), code=303)
    return render_template("organise/own_account.html", form=form), 400 if form.errors else 200
