"""The vote form (app.forms.Form: CSRF and the text rule)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, SubmitField
from wtforms.validators import DataRequired

from app.forms import Form
from app.form_fields import valid_email


class VoteForm(Form):
    city = RadioField(_l("Your city of choice"), coerce=str, validate_choice=False,
                      validators=[DataRequired(_l("Please choose a city."))])
    email = EmailField(_l("Your email address"),
                       validators=[DataRequired(_l("Please give your email address.")), valid_email])
    submit = SubmitField(_l("Send me the link to confirm my vote"))


class ConfirmVoteForm(Form):
    submit = SubmitField(_l("Confirm my vote"))
