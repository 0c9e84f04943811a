"""The refusal of a console edit because of one field: services raise it, the form shows it beside
the field. Outside organise so that app/seminars/ (which organise calls) can raise it too."""
from __future__ import annotations


class FieldError(ValueError):
    """An edit refused because of one field; the message goes beside it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
