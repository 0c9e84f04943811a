"""The base of every form: Flask-WTF's CSRF check, and the text rule (app/text.py) on every field.

The rule runs first on each field, on the values as sent (before filters strip them): a refused
character is the field's only message, and no other check (an email parser, a zone look-up, a
database query in the service) ever sees it.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import StopValidation

from app import text


class _Flag:
    """A validator that only marks its field (WTForms copies ``field_flags`` onto ``field.flags``)."""

    def __init__(self, flag: str):
        self.field_flags = {flag: True}

    def __call__(self, form, field):
        pass


#: A text area whose lines are kept: tabs and line breaks (LF or CR LF) are accepted.
multi_line = _Flag("multiline")
#: The whole text of a programme file: its schema applies the rule value by value, naming entry and field.
programme_text = _Flag("programme_text")


def text_rule(form, field):
    if field.flags.programme_text:
        return
    for value in field.raw_data or ():
        if isinstance(value, str) and (found := text.refused(value, multiline=bool(field.flags.multiline))):
            field.errors[:] = []  # e.g. "Not a valid choice" for a value nobody could have chosen
            raise StopValidation(found.form_message())


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            field.validators = [text_rule, *field.validators]
            return field
