"""The vote form (app.forms.Form: CSRF and the text rule)."""
from __future__ import annotations

from wtforms import EmailField, RadioField, SubmitField
from wtforms.validators import DataRequired

from app.forms import Form
from app.form_fields import valid_email


class VoteForm(Form):
    city = RadioField("Your city of choice", coerce=str, validate_choice=False,
                      validators=[DataRequired("Please choose a city.")])
    email = EmailField("Your email address", validators=[DataRequired("Please give your email address."), valid_email])
    submit = SubmitField("Send me the link to confirm my vote")


class ConfirmVoteForm(Form):
    submit = SubmitField("Confirm my vote")
