"""Sign-in and account forms (app.forms.Form: CSRF and the text rule on every one)."""
from __future__ import annotations

from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import Form
from app.models import Role
from app.form_fields import options, valid_email

ROLE_CHOICES = [(Role.EDITOR.value, "Editor: edits the programme and sees registrants"),
                (Role.ADMIN.value, "Admin: an editor who also manages accounts")]


def _roles():
    return options(ROLE_CHOICES)


class SignInForm(Form):
    email = EmailField("Email", validators=[DataRequired("Please give your email address."), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Please give your password."), Length(max=200)])
    submit = SubmitField("Sign in")


class AccountForm(Form):
    email = EmailField("Email", validators=[DataRequired("Please give an email address."), valid_email])
    name = StringField("Name (optional)", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=_roles(), default=Role.EDITOR.value)
    password = PasswordField("First password (at least 12 characters; tell it to them in person)",
                             validators=[DataRequired("Please give a first password."), Length(min=12, max=200)])
    submit = SubmitField("Create account")


class AccountChangeForm(Form):
    role = SelectField("Role", choices=_roles())
    status = SelectField("Status", choices=options([("active", "Active"), ("inactive", "Deactivated (cannot sign in)")]))
    submit = SubmitField("Save")
