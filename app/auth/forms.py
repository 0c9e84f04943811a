"""The sign-in form (app.forms.Form: CSRF and the text rule). The console's account forms live
with the console (app/organise/forms.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from app.forms import Form


class SignInForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please give your email address.")),
                                                Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please give your password.")),
                                                         Length(max=200)])
    submit = SubmitField(_l("Sign in"))
