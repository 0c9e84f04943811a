"""Sign-in and account forms (Flask-WTF: CSRF on every one)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from app.models import Role
from app.registration.forms import options, single_line, valid_email

ROLE_CHOICES = [(Role.EDITOR.value, "Editor: edits the programme and sees registrants"),
                (Role.ADMIN.value, "Admin: an editor who also manages accounts")]


def _roles():
    return options(ROLE_CHOICES)


class SignInForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Please give your email address."), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Please give your password."), Length(max=200)])
    submit = SubmitField("Sign in")


class AccountForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Please give an email address."), valid_email])
    name = StringField("Name (optional)", validators=[Optional(), Length(max=120), single_line])
    role = SelectField("Role", choices=_roles(), default=Role.EDITOR.value)
    password = PasswordField("First password (at least 12 characters; tell it to them in person)",
                             validators=[DataRequired("Please give a first password."), Length(min=12, max=200)])
    submit = SubmitField("Create account")


class AccountChangeForm(FlaskForm):
    role = SelectField("Role", choices=_roles())
    status = SelectField("Status", choices=options([("active", "Active"), ("inactive", "Deactivated (cannot sign in)")]))
    submit = SubmitField("Save")
