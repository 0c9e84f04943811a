"""The organisers CLI: create an account, set a password (ending open sessions), list accounts."""
from __future__ import annotations


import sqlalchemy as sa
from werkzeug.security import check_password_hash

from app.extensions import db
from app.models import Organiser
from tests.app.helpers.auth import (MISMATCH, NEW_PASSWORD, accounts, assert_signed_out, attempt)
from tests.app.helpers.organise import PASSWORD, field_errors, make_organiser, signed_in


def organisers(app, *args: str, password: str | None = None):
    """Run ``flask organisers ARGS``, typing ``password`` at both prompts."""
    typed = f"{password}\n{password}\n" if password is not None else None
    return app.test_cli_runner().invoke(args=["organisers", *args], input=typed)


def test_cli_creates_an_account_after_asking_the_password_twice(app):
    result = organisers(app, "create", "New@Example.org", "--role", "editor", password=NEW_PASSWORD)
    assert (result.exit_code, result.output) == (0, "Password: \nRepeat for confirmation: \n"
                                                    "Created editor account new@example.org. "
                                                    "Sign in at /organise/sign-in.\n")
    created = db.session.scalar(sa.select(Organiser).filter_by(email="new@example.org"))
    assert (created.role, created.session_version) == ("editor", 1)
    assert check_password_hash(created.password_hash, NEW_PASSWORD)


def test_cli_refuses_a_duplicate_address_or_a_short_password(app):
    make_organiser("new@example.org")
    duplicate = organisers(app, "create", "NEW@example.org", "--role", "editor", password=NEW_PASSWORD)
    short = organisers(app, "create", "other@example.org", password="elevenchars")
    assert (duplicate.exit_code, duplicate.output.splitlines()[-1]) == (
        1, "Error: An account for new@example.org already exists.")
    assert (short.exit_code, short.output.splitlines()[-1]) == (
        1, "Error: The password must have at least 12 characters.")
    assert accounts() == [("new@example.org", "editor", True, 1)]


def test_cli_set_password_ends_open_sessions(app, client):
    editor = signed_in(client)
    result = organisers(app, "set-password", "Editor@Example.org", password=NEW_PASSWORD)
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        0, "New password set for editor@example.org; its other sessions are signed out.")
    db.session.refresh(editor)
    assert editor.session_version == 2 and check_password_hash(editor.password_hash, NEW_PASSWORD)
    assert_signed_out(client)
    assert field_errors(attempt(client, "editor@example.org", PASSWORD).get_data(as_text=True)) == [MISMATCH]
    assert attempt(client, "editor@example.org", NEW_PASSWORD).status_code == 303


def test_cli_set_password_refuses_an_unknown_address_or_a_short_password(app):
    make_organiser()
    unknown = organisers(app, "set-password", "nobody@example.org", password=NEW_PASSWORD)
    short = organisers(app, "set-password", "editor@example.org", password="elevenchars")
    assert (unknown.exit_code, unknown.output.splitlines()[-1]) == (1, "Error: No account for nobody@example.org.")
    assert (short.exit_code, short.output.splitlines()[-1]) == (
        1, "Error: The password must have at least 12 characters.")
    assert accounts() == [("editor@example.org", "editor", True, 1)]


def test_cli_lists_accounts_with_role_and_status(app):
    make_organiser("admin@example.org", "admin")
    make_organiser().active = False
    db.session.commit()
    result = organisers(app, "list")
    assert (result.exit_code, result.output) == (0, "admin@example.org\tadmin\tactive\n"
                                                    "editor@example.org\teditor\tdeactivated\n")
