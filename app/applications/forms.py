"""The application form (shared fields come from app.form_fields)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.form_fields import ZoneField, valid_email, valid_zone
from app.forms import Form


class ApplicationForm(Form):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Please give your name.")), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please give your email address.")), valid_email])
    organisation = StringField(_l("Organisation"), validators=[DataRequired(_l("Please name your organisation.")),
                                                               Length(max=200)])
    note = TextAreaField(_l("Why you would like to join (optional)"), validators=[Optional(), Length(max=2000)])
    timezone = ZoneField(_l("Your time zone"), validators=[InputRequired(), valid_zone], validate_choice=False)
    consent = BooleanField(_l("I agree to receive emails about my application (confirmation, the organisers' "
                              "decision, the itinerary and its changes)."),
                           validators=[DataRequired(_l("We can only take your application if we may email you."))])
    submit = SubmitField(_l("Apply"))


class ConfirmForm(Form):
    submit = SubmitField(_l("Confirm my application"))
