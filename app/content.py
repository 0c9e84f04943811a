"""What organisers wrote, in the reader's language: a row's own column holds its programme's
language, ``translations`` the others (app/models/translated.py); a language without a
translation reads the column."""
from __future__ import annotations

from app.i18n import current_code
from app.models.translated import Translated


def text(row: Translated, field: str, code: str | None = None) -> str:
    """``row.<field>`` in ``code`` (default: the language in force), else as written."""
    wanted = code or current_code()
    return (row.translations or {}).get(field, {}).get(wanted) or getattr(row, field)


def languages_of(row: Translated, field: str) -> dict[str, str]:
    """The field's other languages, ``{code: text}`` (empty when it has none)."""
    return dict((row.translations or {}).get(field, {}))


def with_text(row: Translated, field: str, values: dict[str, str]) -> None:
    """Replace the field's other languages by ``values`` (blank ones dropped); assigned whole, so
    the change is seen."""
    kept = {code: value for code, value in values.items() if value and value.strip()}
    translations = {k: dict(v) for k, v in (row.translations or {}).items() if k != field}
    if kept:
        translations[field] = kept
    row.translations = translations
