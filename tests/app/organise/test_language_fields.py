"""The language groups of console forms (each a copy of its main field) and the re-labelling of a
row's texts when its programme's language changes."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import multi_line
from app.models import Initiative, Seminar
from app.organise.forms import InitiativeForm, SeminarForm
from app.organise.language_fields import translated
from app.organise.relabel import relabelled


def test_relabelled_swaps_a_column_with_its_version_in_the_new_language():
    columns, translations = relabelled({"title": "Beyond smart city", "theme": ""},
                                       {"title": {"zh_Hans": "超越智慧城市", "es": "Más allá"}}, "en", "zh_Hans")
    assert columns == {"title": "超越智慧城市", "theme": ""}
    assert translations == {"title": {"es": "Más allá", "en": "Beyond smart city"}}


def test_relabelled_keeps_a_column_without_a_new_version_and_files_it_under_the_old_language():
    assert relabelled({"name": "Kazan", "region": ""}, {}, "en", "fr") == ({"name": "Kazan", "region": ""},
                                                                         {"name": {"en": "Kazan"}})


def test_relabelled_there_and_back_restores_the_start():
    start = ({"title": "Beyond smart city", "theme": "Cities"}, {"title": {"zh_Hans": "超越智慧城市"}})
    there = relabelled(*start, "en", "zh_Hans")
    assert there == ({"title": "超越智慧城市", "theme": "Cities"},
                     {"title": {"en": "Beyond smart city"}, "theme": {"en": "Cities"}})
    assert relabelled(*there, "zh_Hans", "en") == start


def test_relabelled_lets_a_stray_old_version_give_way_and_leaves_its_arguments_alone():
    columns, translations = {"title": "Safe cities"}, {"title": {"en": "Old copy", "ar": "مدن آمنة"}}
    assert relabelled(columns, translations, "en", "ar") == ({"title": "مدن آمنة"}, {"title": {"en": "Safe cities"}})
    assert (columns, translations) == ({"title": "Safe cities"}, {"title": {"en": "Old copy", "ar": "مدن آمنة"}})
    assert relabelled(columns, translations, "en", "en") == (columns, translations)


def test_a_translation_copies_its_main_fields_widget_and_checks_but_is_never_required():
    form_class = translated(SeminarForm, Seminar, "fr")
    assert form_class is translated(SeminarForm, Seminar, "fr")  # built once
    names = [name for name in vars(form_class) if "__" in name and not name.startswith("_")]
    assert names == ["title__en", "theme__en", "title__zh_Hans", "theme__zh_Hans", "title__es", "theme__es",
                     "title__ar", "theme__ar"]
    title, theme = form_class.title__ar, form_class.theme__ar
    assert (title.field_class, theme.field_class) == (StringField, TextAreaField)
    assert [type(v) for v in title.kwargs["validators"]] == [Optional, Length]
    assert title.kwargs["validators"][1].max == 200 and not any(
        isinstance(v, DataRequired) for v in title.kwargs["validators"])
    assert multi_line in theme.kwargs["validators"]
    assert title.kwargs["render_kw"] == {"lang": "ar", "dir": "rtl"}
    initiative = translated(InitiativeForm, Initiative, "en").title__es  # a text area of one line
    assert initiative.field_class is TextAreaField and multi_line not in initiative.kwargs["validators"]


def test_translations_change_only_the_languages_sent(app):
    seminar = Seminar(title="Beyond smart city", theme="",
                      translations={"title": {"es": "Más allá", "fr": "Au-delà"}, "theme": {"ar": "موضوع"}})
    form_class = translated(SeminarForm, Seminar, "en")
    with app.test_request_context(method="POST"):
        form = form_class(MultiDict({"title__es": "", "title__zh_Hans": " 超越智慧城市 ", "theme__ar": "موضوع"}),
                          meta={"csrf": False})
        assert form.translations(seminar) == {"theme": {"ar": "موضوع"},
                                              "title": {"fr": "Au-delà", "zh_Hans": "超越智慧城市"}}
        unchanged = form_class(MultiDict({"theme__ar": "موضوع"}), meta={"csrf": False})
        assert unchanged.translations(seminar) is seminar.translations  # nothing differs: no change to log
        assert form_class(MultiDict({}), meta={"csrf": False}).translation_values(None) == {}
