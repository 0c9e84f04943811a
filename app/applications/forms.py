"""The application form (shared fields come from app.form_fields)."""
from __future__ import annotations

from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.form_fields import valid_email, valid_zone
from app.forms import Form


class ApplicationForm(Form):
    name = StringField("Your name", validators=[DataRequired("Please give your name."), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired("Please give your email address."), valid_email])
    organisation = StringField("Organisation", validators=[DataRequired("Please name your organisation."),
                                                           Length(max=200)])
    note = TextAreaField("Why you would like to join (optional)", validators=[Optional(), Length(max=2000)])
    timezone = SelectField("Your time zone", validators=[InputRequired(), valid_zone], validate_choice=False)
    consent = BooleanField("I agree to receive emails about my application (confirmation, the organisers' "
                           "decision, the itinerary and its changes).",
                           validators=[DataRequired("We can only take your application if we may email you.")])
    submit = SubmitField("Apply")


class ConfirmForm(Form):
    submit = SubmitField("Confirm my application")
