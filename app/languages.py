"""The five languages readers choose from, and how a request's wishes map onto them.

Plain data and parsing (no Flask): a ``?lang=`` value, a cookie and an Accept-Language header each
name at most one of these languages, or none.
"""
from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Language:
    #: The catalog's name and the value stored for a registrant (``zh_Hans``).
    code: str
    #: BCP 47 tag for ``<html lang>``, ``hreflang`` and ``?lang=`` (``zh-Hans``).
    tag: str
    #: The language named in itself, as the switcher shows it.
    name: str
    #: ``ltr`` or ``rtl``.
    direction: str
    #: The CLDR locale whose dates and zone names readers of this language see.
    cldr: str


#: English is the source language; its dates follow CLDR's international English (``en_001``:
#: day before month, a 24-hour clock), which suits a programme read on five continents.
LANGUAGES: dict[str, Language] = {
    lang.code: lang for lang in (
        Language("en", "en", "English", "ltr", "en_001"),
        Language("zh_Hans", "zh-Hans", "简体中文", "ltr", "zh_Hans"),
        Language("es", "es", "Español", "ltr", "es"),
        Language("fr", "fr", "Français", "ltr", "fr"),
        Language("ar", "ar", "العربية", "rtl", "ar"),
    )
}
DEFAULT = "en"
BY_CLDR = {lang.cldr: lang for lang in LANGUAGES.values()}

#: Longer Accept-Language headers are cut here before parsing: no browser sends more.
MAX_HEADER = 512
_ALIASES = {lang.tag.lower(): lang.code for lang in LANGUAGES.values()} | {
    code.lower(): code for code in LANGUAGES} | {"zh": "zh_Hans"}


def parse(value: object) -> str | None:
    """The code named by ``value`` (``zh-Hans``, ``zh_hans``, ``ZH``, ``es``), or None for anything else."""
    if not isinstance(value, str) or len(value) > 16:
        return None
    return _ALIASES.get(value.strip().replace("_", "-").lower()) or _ALIASES.get(value.strip().lower())


def negotiate(header: str | None) -> str | None:
    """The best of the five for an Accept-Language header, or None when it names none of them.

    Any Chinese (``zh-CN``, ``zh-TW``) gets Simplified Chinese, the only Chinese offered.
    """
    if not header:
        return None
    accepted = parse_accept_header(header[:MAX_HEADER], LanguageAccept)
    for value, quality in sorted(accepted, key=lambda item: -item[1]):
        if quality <= 0:
            continue
        primary = value.replace("_", "-").lower()
        found = parse(primary) or parse(primary.split("-", 1)[0])
        if found:
            return found
    return None


def get(code: str | None) -> Language:
    """The language of ``code``, English for an unknown or missing one."""
    return LANGUAGES.get(code or DEFAULT, LANGUAGES[DEFAULT])
