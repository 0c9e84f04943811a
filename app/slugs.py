"""Slugs for stable URLs: names folded to lowercase ASCII with hyphens."""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: First path segments of the service's own pages and feeds: a programme may not take one as its
#: slug, so /p/<slug>/ and any future top-level programme URL never shadow them.
RESERVED_SLUGS = frozenset({
    "api", "calendars", "cities", "dev", "join", "manage", "organise", "p", "programme", "programmes",
    "register", "reminders", "seminars", "static", "timezone", "tours", "vote",
})


def slugify(text: str) -> str:
    """``São Paulo`` -> ``sao-paulo``; ``Alcaldía Iztapalapa`` -> ``alcaldia-iztapalapa``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_WORD.sub("-", ascii_text).strip("-")


def is_slug(text: str) -> bool:
    return bool(SLUG_PATTERN.match(text)) and len(text) <= 80
