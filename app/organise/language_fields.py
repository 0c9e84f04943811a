"""Console forms in several languages: below a form's own fields (its programme's language, the
columns), one group per other language holding that language's version of each translatable field,
named ``<field>__<code>`` (``title__zh_Hans``).

A translation copies its main field: the same widget, filters and checks (length, the text rule,
multi_line), but is never required: blank means none, and readers of that language read the column
(a field the post does not carry at all keeps its text).
A submitted ``<field>__<code>`` that names no group (an unknown code, or the programme's own
language) refuses the whole form, so a stale or forged form changes nothing.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Optional

from app import languages, text
from app.content import languages_of
from app.form_fields import options
from app.organise.forms import NewProgrammeForm, ProgrammeForm

SEPARATOR = "__"


def name_of(field: str, code: str) -> str:
    return f"{field}{SEPARATOR}{code}"


def others(code: str) -> list[languages.Language]:
    """The languages a row's ``translations`` may hold when its columns are in ``code``."""
    return [lang for lang in languages.LANGUAGES.values() if lang.code != code]


@dataclass(frozen=True)
class Group:
    """One language's fields, as the template shows them."""

    language: languages.Language
    fields: list

    @property
    def open(self) -> bool:
        """Shown unfolded when it holds a value or an error."""
        return any(f.data or f.errors for f in self.fields)


class LanguageFields:
    """Mixed in before a console form by ``translated``; ``TRANSLATED`` and ``COLUMN`` are set there."""

    TRANSLATED: tuple[str, ...] = ()
    #: The code of the programme's language: the main fields hold it.
    COLUMN: str = languages.DEFAULT
    _sent: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.TRANSLATED:  # the main fields say which language they are in, too
            self[field].render_kw = _marked(self[field].render_kw, self.column_language)

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        formdata = self.meta.wrap_formdata(self, formdata)  # Flask-WTF's request.form, or None
        self._sent = tuple(formdata.keys()) if formdata else ()
        super().process(formdata, obj, data, extra_filters, **kwargs)

    @property
    def column_language(self) -> languages.Language:
        return languages.LANGUAGES[self.COLUMN]

    def language_groups(self) -> list[Group]:
        return [Group(lang, [self[name_of(field, lang.code)] for field in self.TRANSLATED])
                for lang in others(self.COLUMN)]

    def fill(self, row) -> None:
        """Show ``row``'s translations (a GET: the form was built from the row's columns)."""
        for field in self.TRANSLATED:
            written = languages_of(row, field)
            for lang in others(self.COLUMN):
                self[name_of(field, lang.code)].data = written.get(lang.code, "")

    def translations(self, row=None) -> dict:
        """The row's new ``translations``: this form's languages as sent (blank ones dropped), every
        other entry kept; the row's own dict when nothing differs, so no change is logged."""
        before = (row.translations if row is not None else None) or {}
        after = {field: dict(codes) for field, codes in before.items()}
        for field in self.TRANSLATED:
            codes = after.pop(field, {})
            for lang in others(self.COLUMN):
                name = name_of(field, lang.code)
                if name not in self._sent:
                    continue  # a browser sends every field, blank or not; a post without one keeps it
                if value := self[name].data:
                    codes[lang.code] = value
                else:
                    codes.pop(lang.code, None)
            if codes:
                after[field] = codes
        return before if after == before else after

    def translation_values(self, row=None) -> dict:
        """``{"translations": ...}`` for a service's values; nothing for a new row without any (its
        audit entry then lists no empty field)."""
        translations = self.translations(row)
        return {"translations": translations} if translations or row is not None else {}

    def unknown_codes(self) -> list[str]:
        """Refusals of submitted ``<field>__<code>`` keys that name no group of this form."""
        found = []
        for key in self._sent:
            field, separator, code = key.partition(SEPARATOR)
            if separator and field in self.TRANSLATED and key not in self._fields:
                code = text.shown(code[:20])
                if code == self.COLUMN:
                    found.append(_("“%(code)s” is the programme's language: its text goes in the main field, "
                                   "not in a group of other languages.", code=code))
                else:
                    found.append(_("“%(code)s” is not one of the service's languages (%(codes)s).", code=code,
                                   codes=", ".join(languages.LANGUAGES)))
        return list(dict.fromkeys(found))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if refusals := self.unknown_codes():
            self.form_errors.extend(refusals)
            return False
        return valid


def _marked(render_kw: dict | None, lang: languages.Language) -> dict:
    return {**(render_kw or {}), "lang": lang.tag, "dir": lang.direction}


def _copy(unbound, lang: languages.Language):
    """``unbound`` (a main field) for ``lang``: its class, label, filters and checks, never required."""
    kwargs = unbound.kwargs
    label = unbound.args[0] if unbound.args else kwargs.get("label")
    checks = [v for v in kwargs.get("validators") or () if not isinstance(v, (DataRequired, InputRequired))]
    return unbound.field_class(label, filters=kwargs.get("filters", ()), validators=[Optional(), *checks],
                               render_kw=_marked(kwargs.get("render_kw"), lang))


@functools.cache
def translated(form_class, model, column: str):
    """``form_class`` with a group of ``model.TRANSLATED`` fields for each language but ``column``
    (the programme's language), built once per form, model and language."""
    fields = tuple(model.TRANSLATED)
    attrs = {"TRANSLATED": fields, "COLUMN": column}
    for lang in others(column):
        for field in fields:
            attrs[name_of(field, lang.code)] = _copy(getattr(form_class, field), lang)
    # The metaclass (WTForms' FormMeta) must build the class, or it would reuse its parent's fields.
    return type(form_class)(f"{form_class.__name__}In_{column}", (LanguageFields, form_class), attrs)


def _language_select():
    return SelectField(_l("Language of the programme"), default=languages.DEFAULT, validate_choice=False,
                       choices=options((lang.code, lang.name) for lang in languages.LANGUAGES.values()),
                       validators=[AnyOf(list(languages.LANGUAGES), message=_l("Choose one of the languages listed."))])


class ProgrammeSettingsForm(ProgrammeForm):
    language = _language_select()


class NewProgrammeSettingsForm(NewProgrammeForm):
    language = _language_select()
