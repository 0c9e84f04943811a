"""Accounts: creation, changes by an admin, password checks and the session loader, shared by the
console, the sign-in views and the CLI."""
from __future__ import annotations

import datetime as dt
from functools import wraps

import sqlalchemy as sa
from email_validator import EmailNotValidError
from flask import abort, current_app, session
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.security import check_password_hash, generate_password_hash

from app import audit, clock, languages
from app.addresses import normalise_email
from app.auth.grants import set_programmes
from app.extensions import db, login_manager
from app.models import Organiser, Role

MIN_PASSWORD = 12
#: A console session's last-seen time is written again (a new cookie) at most this often.
SEEN_EVERY = dt.timedelta(minutes=1)
#: Compared against when the address is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password, only for timing")


class AccountError(ValueError):
    """An account that cannot be created or changed; the message says why."""


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(_("The password must have at least %(count)s characters.", count=MIN_PASSWORD))
    if len(password) > 200:
        raise AccountError(_("The password must have at most %(count)s characters.", count=200))


def create_organiser(email: str, password: str, role: str = Role.EDITOR.value, name: str = "") -> Organiser:
    """Add an account (the caller commits)."""
    try:
        address = normalise_email(email)
    except EmailNotValidError as error:
        raise AccountError(_("That email address is not valid: %(reason)s", reason=error)) from None
    if role not in {r.value for r in Role}:
        raise AccountError(_("Unknown role “%(role)s”: choose editor or admin.", role=role))
    check_password_rules(password)
    if db.session.scalar(sa.select(Organiser.id).where(Organiser.email == address)) is not None:
        raise AccountError(_("An account for %(address)s already exists.", address=address))
    organiser = Organiser(email=address, name=name.strip(), role=role,
                          password_hash=generate_password_hash(password))
    db.session.add(organiser)
    return organiser


def add_account(email: str, password: str, role: str, name: str, now: dt.datetime,
                programmes: set[int] = frozenset()) -> Organiser:
    """An admin adds an account, granted ``programmes`` (ids): created, audited and committed
    together; an AccountError leaves nothing."""
    try:
        organiser = create_organiser(email, password, role, name)
        db.session.flush()
        audit.record("added", "organiser", organiser.email, {"role": [None, organiser.role]}, now=now)
        set_programmes(organiser, set(programmes), now)
        db.session.commit()
    except AccountError:
        db.session.rollback()
        raise
    return organiser


def change_account(organiser: Organiser, role: str, active: bool, by: Organiser, now: dt.datetime,
                   programmes: set[int] | None = None) -> dict:
    """An admin sets an account's role, status and (unless None) the ids of the programmes it may
    edit; the audited changes come back (committed), grants as {"programmes": [slug, ...]}.

    Nobody demotes or deactivates themselves (another admin must), so no admin locks themselves out; a
    deactivated account's sessions end at once.
    """
    if organiser.id == by.id and (role != organiser.role or not active):
        raise AccountError(_("You cannot demote or deactivate your own account: ask another admin."))
    before = {"role": organiser.role, "active": organiser.active}
    organiser.role, organiser.active = role, active
    if not organiser.active and before["active"]:
        end_sessions(organiser)
    changes = audit.diff(before, {"role": organiser.role, "active": organiser.active})
    if changes:
        audit.record("changed", "organiser", organiser.email, changes, now=now)
    if programmes is not None and (granted := set_programmes(organiser, programmes, now)):
        changes["programmes"] = granted
    db.session.commit()
    return changes


def set_language(organiser: Organiser, code: str, now: dt.datetime) -> bool:
    """An organiser chooses the console's language (a code of app.languages), audited and committed;
    False when it was already theirs. An unknown code is refused (AccountError)."""
    if code not in languages.LANGUAGES:
        raise AccountError(_("Choose one of the languages listed."))
    changes = audit.diff({"language": organiser.language}, {"language": code})
    if not changes:
        return False
    organiser.language = code
    audit.record("changed", "organiser", organiser.email, changes, now=now)
    db.session.commit()
    return True


def set_password(organiser: Organiser, password: str) -> None:
    """A new password also ends every session signed in with the old one."""
    check_password_rules(password)
    organiser.password_hash = generate_password_hash(password)
    end_sessions(organiser)


def end_sessions(organiser: Organiser) -> None:
    """Every session cookie of the account stops working, copies included (the caller commits)."""
    organiser.session_version += 1


def authenticate(email: str, password: str, now: dt.datetime) -> Organiser | None:
    """The active account with this address and password, or None (the same cost either way)."""
    try:
        address = normalise_email(email)
    except EmailNotValidError:
        address = ""
    organiser = db.session.scalar(sa.select(Organiser).where(Organiser.email == address)) if address else None
    if organiser is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(organiser.password_hash, password) or not organiser.active:
        return None
    organiser.last_sign_in_at = now
    return organiser


@login_manager.user_loader
def load_organiser(user_id: str) -> Organiser | None:
    """The session's account, if it still exists, is active and its sessions were not ended."""
    ident, _sep, version = user_id.partition(":")
    if not ident.isdigit() or not version.isdigit() or len(ident) > 18:
        return None
    organiser = db.session.get(Organiser, int(ident))
    if organiser is None or not organiser.active or str(organiser.session_version) != version:
        return None
    return organiser if _still_active(clock.now()) else None


def mark_seen(now: dt.datetime) -> None:
    """The console session was used now (at sign-in, then at most every SEEN_EVERY)."""
    session["seen"] = int(now.timestamp())


def _still_active(now: dt.datetime) -> bool:
    """Whether the session was used within CONSOLE_IDLE_MINUTES; renews its last-seen time.

    The time travels in the signed cookie, so a copy of an idle session is refused as well.
    """
    seen = session.get("seen")
    if not isinstance(seen, int):
        return False
    idle = now.timestamp() - seen
    if idle > current_app.config["CONSOLE_IDLE_MINUTES"] * 60:
        return False
    if idle >= SEEN_EVERY.total_seconds():
        mark_seen(now)
    return True


def admin_required(view):
    """For accounts and programmes' settings: a signed-in editor gets a clear 403, not a redirect."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403, description=_("This page is for admins: your account is an editor account. "
                                     "Ask an admin to make this change."))
        return view(*args, **kwargs)
    return wrapped
