"""What organisers wrote, in the reader's language: a row's own column holds its programme's
language, ``translations`` the others (app/models/translated.py); a language without a
translation reads the column."""
from __future__ import annotations

from flask_babel import gettext as _

from app.i18n import current_code
from app.models.translated import Translated

#: The location of an event that meets online (the file's and the form's default).
ONLINE = "Online"


def text(row: Translated, field: str, code: str | None = None) -> str:
    """``row.<field>`` in ``code`` (default: the language in force), else as written."""
    return chosen(row.translations, field, getattr(row, field), code)


def chosen(translations: dict | None, field: str, written: str, code: str | None = None) -> str:
    """``text`` for values read as plain columns (a feed's rows): ``written`` is the field's column."""
    return (translations or {}).get(field, {}).get(code or current_code()) or written


def place(city) -> str:
    """``City.place`` in the language in force: ``Kazan, Republic of Tatarstan, Russia``."""
    return ", ".join(part for part in (text(city, "name"), text(city, "region"), text(city, "country")) if part)


def event_location(event) -> str:
    """An event's location in the language in force ("Guangzhou, China"), the plain "Online" in the
    reader's words."""
    written = text(event, "location")
    return _("Online") if written == ONLINE else written


def location(venue) -> str:
    """``Venue.location`` in the language in force: the name, then the address as written."""
    return ", ".join(part for part in (text(venue, "name"), " ".join(venue.address.split())) if part)


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
