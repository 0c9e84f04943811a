"""Sign-in and sign-out of the organiser console."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app import clock
from app.auth import bp, service
from app.auth.forms import SignInForm
from app.extensions import db, limiter
from app.ratelimits import address_key
from app.form_fields import ActionForm

_address_key = address_key("organiser")


def _next_page() -> str:
    """Only a path inside the console: never another site, never a page outside /organise."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    segments = unquote(parts.path).split("/")  # browsers read %2e%2e as ..
    if (parts.scheme or parts.netloc or segments[:2] != ["", "organise"] or {".", ".."} & set(segments)
            or "\\" in target or any(ord(c) < 32 for c in target)):
        return url_for("organise.dashboard")
    return target


def _fresh_session() -> None:
    """Nothing set before sign-in (or after sign-out) carries over, the CSRF token included;
    Flask-WTF also caches that token in ``g``, which must not outlive it."""
    session.clear()
    g.pop("csrf_token", None)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_ADDRESS_LIMIT"], methods=["POST"], key_func=_address_key)
def sign_in():
    if current_user.is_authenticated:
        return redirect(_next_page())
    form = SignInForm()
    if form.validate_on_submit():
        organiser = service.authenticate(form.email.data, form.password.data, clock.now())
        if organiser is not None:
            db.session.commit()
            _fresh_session()
            login_user(organiser)
            service.mark_seen(clock.now())
            return redirect(_next_page(), code=303)
        form.password.errors.append(_("That email and password do not match an active account."))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    if not ActionForm().validate_on_submit():
        abort(400, description=_("The form expired. Please go back and try again."))
    service.end_sessions(current_user)
    db.session.commit()
    logout_user()
    _fresh_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.sign_in"), code=303)
