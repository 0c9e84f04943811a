"""What several console views share: the 404 text of a missing row, and saving with field errors."""
from __future__ import annotations

from app.extensions import db
from app.field_error import FieldError


def missing(model) -> str:
    """The 404 text for a row of ``model`` that is not there (for db.get_or_404 / db.one_or_404)."""
    return f"There is no such {model.__name__.lower()}; it may have been renamed or removed."


def try_save(form, save):
    """``save()``'s result; a FieldError goes beside its field, nothing is saved, and None comes back."""
    try:
        return save()
    except FieldError as error:
        db.session.rollback()
        getattr(form, error.field).errors.append(str(error))
        return None
