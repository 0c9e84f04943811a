"""Texts in several languages in a programme file: a translatable field holds either a plain string
(the programme's language) or a mapping ``{en: …, zh_Hans: …}``. The entry keeps the programme's
language in the field itself and the other languages beside it, as the rows store them
(app/models/translated.py)."""
from __future__ import annotations

import functools
from typing import Annotated, Any, ClassVar

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, PrivateAttr, TypeAdapter, ValidationError, ValidationInfo, \
    model_validator

from app import languages
from app.programme_file.messages import pydantic_message

#: Where ``parse`` puts the programme's language for the entries to read (pydantic's context).
LANGUAGE = "language"


def known_codes() -> str:
    return ", ".join(languages.LANGUAGES)


def code_of(value: Any) -> str:
    """A language as a file may name it (``zh_Hans`` or ``zh-Hans``), refused by name otherwise."""
    code = languages.parse(value) if isinstance(value, str) else None
    if code is None:
        raise ValueError(_("“%(code)s” is not one of the service's languages (%(codes)s)",
                           code=str(value)[:40], codes=known_codes()))
    return code


def file_language(raw: Any) -> str:
    """The language a raw file declares for its programme (``en`` when it names none or no valid one:
    the programme entry then reports the problem)."""
    programme = raw.get("programme") if isinstance(raw, dict) else None
    given = programme.get("language", languages.DEFAULT) if isinstance(programme, dict) else languages.DEFAULT
    return (languages.parse(given) if isinstance(given, str) else None) or languages.DEFAULT


class Texts(BaseModel):
    """An entry whose fields named in ``TRANSLATED`` may be given per language."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    TRANSLATED: ClassVar[tuple[str, ...]] = ()
    _translations: dict[str, dict[str, str]] = PrivateAttr(default_factory=dict)

    def translations(self) -> dict[str, dict[str, str]]:
        """``{field: {code: text}}`` for the languages other than the programme's."""
        return {field: dict(values) for field, values in self._translations.items()}

    @model_validator(mode="wrap")
    @classmethod
    def _per_language(cls, data: Any, handler, info: ValidationInfo):
        if not isinstance(data, dict):
            return handler(data)
        language = (info.context or {}).get(LANGUAGE, languages.DEFAULT)
        data, others = dict(data), {}
        for field in cls.TRANSLATED:
            if isinstance(data.get(field), dict):
                data[field], found = _split(cls, field, data[field], language)
                if found:
                    others[field] = found
        entry = handler(data)
        entry._translations = others
        entry.with_languages()
        return entry

    def with_languages(self) -> None:
        """Checks of an entry that read its other languages too (they are set only after its own
        validators ran)."""


def _split(model: type[Texts], field: str, mapping: dict, language: str) -> tuple[Any, dict[str, str]]:
    """The text in ``language`` and the others, each checked as the field checks a plain string."""
    texts: dict[str, str] = {}
    for key, value in mapping.items():
        try:
            code = code_of(key)
        except ValueError as error:
            raise ValueError(f"{field}: {error}") from None
        if code in texts:
            raise ValueError(f"{field}: " + _("the language “%(code)s” is given twice", code=code))
        if code != language and isinstance(value, str) and not value.strip():
            continue  # a language left blank has no text of its own (its readers see the main one)
        try:
            texts[code] = _adapter(model, field).validate_python(value)
        except ValidationError as error:
            detail = error.errors()[0]
            message = pydantic_message(detail) or detail["msg"].removeprefix("Value error, ")
            raise ValueError(f"{field} › {key}: {message}") from None
    if language not in texts:
        raise ValueError(f"{field}: " + _(
            "give the text in %(code)s, the programme's language: readers of a language without its own text "
            "see that one", code=language))
    main = texts.pop(language)
    return main, {code: text for code, text in texts.items() if text}


@functools.cache
def _adapter(model: type[Texts], field: str) -> TypeAdapter:
    """The field's own type and checks (length, the text rule), for one language's value."""
    info = model.model_fields[field]
    annotation = info.annotation
    if annotation is not None and info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation, config=ConfigDict(str_strip_whitespace=True))
