"""``flask --app wsgi organisers create EMAIL``: accounts from the command line (the first admin)."""
from __future__ import annotations

import secrets

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from app.auth.service import AccountError, create_organiser, set_password
from app.extensions import db
from app.models import Organiser, Role
from app.addresses import normalise_email

organisers_cli = AppGroup("organisers", help="Organiser accounts of the console at /organise.")


@organisers_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ADMIN.value, show_default=True,
              help="admin edits every programme and manages accounts; editor edits the programmes an admin "
                   "grants on the accounts page.")
@click.option("--name", default="", help="Shown in the console and the audit log.")
@click.password_option(help="Prompted (twice, hidden) when not given.")
def create(email: str, role: str, name: str, password: str) -> None:
    """Create an organiser account; the password is stored hashed (scrypt)."""
    try:
        organiser = create_organiser(email, password, role, name)
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {organiser.role} account {organiser.email}. Sign in at /organise/sign-in.")


@organisers_cli.command("set-password")
@click.argument("email")
@click.password_option(help="Prompted (twice, hidden) when not given.")
def change_password(email: str, password: str) -> None:
    """Give an account a new password (its open sessions end)."""
    organiser = db.session.scalar(sa.select(Organiser).where(Organiser.email == _address(email)))
    if organiser is None:
        raise click.ClickException(f"No account for {email}.")
    try:
        set_password(organiser, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"New password set for {organiser.email}; its other sessions are signed out.")


DEMO_ADDRESS = "organiser@example.org"


@organisers_cli.command("demo")
def demo_account() -> None:
    """Development only: an admin account with a random password, printed (``make run``).

    An account that exists already is left as it is: a restart must not sign its sessions out.
    """
    if current_app.config["PRODUCTION"]:
        raise click.ClickException("Refusing: the demo account is for development; use `organisers create`.")
    where = f"{current_app.config['BASE_URL']}/organise/"
    account = db.session.scalar(sa.select(Organiser).where(Organiser.email == DEMO_ADDRESS))
    if account is not None and not account.active:
        click.echo(f"Organiser console: the demo account {DEMO_ADDRESS} was deactivated; an admin can "
                   f"reactivate it at {where}accounts.")
        return
    if account is not None:
        click.echo(f"Organiser console: sign in at {where} as {DEMO_ADDRESS} with the password printed by the "
                   f"first `make run` (`flask --app wsgi organisers set-password {DEMO_ADDRESS}` sets a new one).")
        return
    password = secrets.token_urlsafe(12)
    create_organiser(DEMO_ADDRESS, password, Role.ADMIN.value, "Demo organiser")
    db.session.commit()
    click.echo(f"Organiser console: sign in at {where} as {DEMO_ADDRESS} with password {password}")


@organisers_cli.command("list")
def list_accounts() -> None:
    """Every account with its role and status."""
    for organiser in db.session.scalars(sa.select(Organiser).order_by(Organiser.email)):
        click.echo(f"{organiser.email}\t{organiser.role}\t{'active' if organiser.active else 'deactivated'}")


def _address(email: str) -> str:
    try:
        return normalise_email(email)
    except ValueError:
        return email.strip().lower()
