"""A programme file gives a text per language (``{en: …, zh_Hans: …}``) or as a plain string in the
programme's language; readers see theirs, the export writes the mappings back, and an unknown
language is refused by name."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_login import login_user

from app.extensions import db
from app.models import City, Initiative, Programme, Seminar
from app.programme_file.apply import apply_programme
from app.programme_file.export import export_text
from app.programme_file.importer import run_import
from app.programme_file.parsing import ProgrammeFileError, parse
from tests.app.helpers.organise import make_organiser
from tests.conftest import DEMO_FILE, ROOT

DEMO_TEXT = DEMO_FILE.read_text(encoding="utf-8")
SEMINAR_1 = "        title: Making our cities and regions safe and resilient for all\n"
SEMINAR_1_ZH = (
    "        title:\n"
    "          en: Making our cities and regions safe and resilient for all\n"
    "          zh-Hans: 让我们的城市和地区安全、有韧性、惠及所有人\n"
    "          es: Ciudades y regiones seguras y resilientes para todos\n"
    "          fr: ''\n")
KAZAN = "{name: Kazan, country: Russia,"
KAZAN_ZH = "{name: {en: Kazan, zh_Hans: 喀山, ar: قازان}, country: {en: Russia, zh_Hans: 俄罗斯},"
PARK = "{city: kazan, title: Park to rest and recuperate}"
PARK_ZH = "{city: kazan, title: {en: Park to rest and recuperate, zh_Hans: 休养公园}}"
UNCHANGED = "0 added, 0 changed, 0 removed; 0 registrant emails, 0 queued reminders withdrawn"


def _translated() -> str:
    text = DEMO_TEXT
    for old, new in ((SEMINAR_1, SEMINAR_1_ZH), (KAZAN, KAZAN_ZH), (PARK, PARK_ZH)):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def _seminar_1(data):
    return next(s for e in data.events for s in e.seminars if s.slug == "seminar-1")


def test_a_mapping_gives_the_programmes_language_to_the_field_and_keeps_the_others(app):
    data = parse(_translated())
    seminar = _seminar_1(data)
    assert (seminar.title, seminar.translations()) == (
        "Making our cities and regions safe and resilient for all",
        {"title": {"zh_Hans": "让我们的城市和地区安全、有韧性、惠及所有人",
                   "es": "Ciudades y regiones seguras y resilientes para todos"}})
    kazan = data.cities[1]
    assert (kazan.name, kazan.slug, kazan.translations()) == (
        "Kazan", "kazan", {"name": {"zh_Hans": "喀山", "ar": "قازان"}, "country": {"zh_Hans": "俄罗斯"}})
    assert (data.programme.language, data.programme.translations()) == ("en", {})


@pytest.mark.parametrize(("old", "new", "problem"), [
    (KAZAN, "{name: {en: Kazan, de: Kasan}, country: Russia,",
     "cities[1] › name: “de” is not one of the service's languages (en, zh_Hans, es, fr, ar)"),
    (KAZAN, "{name: {zh_Hans: 喀山}, country: Russia,",
     "cities[1] › name: give the text in en, the programme's language: readers of a language without its own "
     "text see that one"),
    (KAZAN, '{name: {en: Kazan, zh_Hans: "喀\\0山"}, country: Russia,',
     "cities[1] › name › zh_Hans: has an invisible or control character at position 2 (U+0000)"),
    (KAZAN, "{name: {en: Kazan, zh_Hans: [喀山]}, country: Russia,",
     "cities[1] › name › zh_Hans: must be text"),
    (KAZAN, "{name: {en: Kazan, fr: " + "x" * 121 + "}, country: Russia,",
     "cities[1] › name › fr: must be at most 120 characters"),
    (KAZAN, "{name: {en: Kazan, zh: 喀山, zh_Hans: 喀山}, country: Russia,",
     "cities[1] › name: the language “zh_Hans” is given twice"),
    (PARK, "{city: kazan, title: {en: Park, klingon: Park}}",
     "events[0] (international-seminar-2023) › seminars[0] (seminar-1) › initiatives[1] (kazan) › title: "
     "“klingon” is not one of the service's languages (en, zh_Hans, es, fr, ar)"),
    ("  slug: award-2023\n", "  slug: award-2023\n  language: de\n",
     "programme › language: “de” is not one of the service's languages (en, zh_Hans, es, fr, ar)"),
])
def test_a_mapping_with_an_unknown_language_or_a_bad_text_is_refused_by_name(app, old, new, problem):
    assert DEMO_TEXT.count(old) == 1
    with pytest.raises(ProgrammeFileError) as refused:
        parse(DEMO_TEXT.replace(old, new))
    assert refused.value.problems == [problem]


def test_an_import_stores_the_languages_and_readers_see_theirs(app, client, clock):
    apply_programme(parse(_translated()), now=clock())
    db.session.commit()
    seminar = db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-1"))
    assert seminar.translations == {"title": {"zh_Hans": "让我们的城市和地区安全、有韧性、惠及所有人",
                                              "es": "Ciudades y regiones seguras y resilientes para todos"}}
    park = db.session.scalar(sa.select(Initiative).join(Initiative.city).where(City.slug == "kazan"))
    assert park.translations == {"title": {"zh_Hans": "休养公园"}}
    page = client.get("/p/award-2023/seminars/seminar-1?lang=zh-Hans").get_data(as_text=True)
    assert "让我们的城市和地区安全、有韧性、惠及所有人" in page and "休养公园" in page and "喀山" in page
    page = client.get("/p/award-2023/seminars/seminar-1?lang=fr").get_data(as_text=True)
    assert "Making our cities and regions safe and resilient for all" in page and "Kazan" in page
    assert "让我们的城市" not in page


def test_a_plain_string_imported_later_removes_the_other_languages(app, clock):
    apply_programme(parse(_translated()), now=clock())
    db.session.commit()
    report = apply_programme(parse(DEMO_TEXT), now=clock())
    db.session.commit()
    changed = {(c.kind, c.key): c.fields for c in report.changes if c.action == "changed"}
    assert changed[("seminar", "seminar-1")] == ["translations"]
    assert changed[("city", "kazan")] == ["translations"]
    assert changed[("initiative", "seminar-1/kazan")] == ["translations"]
    assert db.session.scalar(sa.select(Seminar.translations).filter_by(slug="seminar-1")) == {}


def test_the_export_writes_each_translated_text_as_a_mapping_that_imports_unchanged(app, clock):
    apply_programme(parse(_translated()), now=clock())
    db.session.commit()
    text = export_text(db.session.scalar(sa.select(Programme).filter_by(slug="award-2023")))
    assert ("    title:\n      en: Making our cities and regions safe and resilient for all\n"
            "      zh_Hans: 让我们的城市和地区安全、有韧性、惠及所有人\n"
            "      es: Ciudades y regiones seguras y resilientes para todos\n") in text
    assert "- name:\n    en: Kazan\n    zh_Hans: 喀山\n    ar: قازان\n  slug: kazan\n" in text
    assert "  title: Leaving no one and no place behind\n" in text  # no translation: a plain string
    with app.test_request_context():
        login_user(make_organiser())
        result = run_import(text, now=clock(), notify=True, apply=False, programme="award-2023")
    assert (result.problems, result.summary) == ([], UNCHANGED)


def test_a_programme_written_in_chinese_keeps_chinese_in_its_columns(app, client, clock):
    text = (_translated().replace("  slug: award-2023\n", "  slug: award-2023\n  language: zh_Hans\n")
            .replace(SEMINAR_1_ZH, "        title: {zh_Hans: 安全而有韧性的城市, en: Safe and resilient cities}\n"))
    apply_programme(parse(text), now=clock())
    db.session.commit()
    seminar = db.session.scalar(sa.select(Seminar).filter_by(slug="seminar-1"))
    programme = db.session.scalar(sa.select(Programme).filter_by(slug="award-2023"))
    assert (programme.language, seminar.title, seminar.translations) == (
        "zh_Hans", "安全而有韧性的城市", {"title": {"en": "Safe and resilient cities"}})
    kazan = db.session.scalar(sa.select(City).filter_by(slug="kazan"))  # its slug made from the English name
    assert (kazan.name, kazan.translations["name"]) == ("喀山", {"en": "Kazan", "ar": "قازان"})
    assert "Safe and resilient cities" in client.get("/p/award-2023/seminars/seminar-1?lang=en").get_data(as_text=True)
    page = client.get("/p/award-2023/seminars/seminar-1?lang=es").get_data(as_text=True)
    assert "安全而有韧性的城市" in page  # Spanish has no text of its own: the programme's language
    exported = export_text(programme)
    assert "  language: zh_Hans\n" in exported
    assert "    title:\n      zh_Hans: 安全而有韧性的城市\n      en: Safe and resilient cities\n" in exported


@pytest.mark.parametrize("name", ["board-meeting-2012.yaml", "study-tours-2015.yaml", "guangzhou-2023.yaml"])
def test_each_shipped_demo_file_in_its_languages_exports_to_a_file_that_changes_nothing(app, clock, name):
    shipped = ROOT / "data"
    for each in ("board-meeting-2012.yaml", "study-tours-2015.yaml", "guangzhou-2023.yaml"):
        apply_programme(parse((shipped / each).read_text(encoding="utf-8")), now=clock())
    db.session.commit()
    slug = parse((shipped / name).read_text(encoding="utf-8")).programme.slug
    text = export_text(db.session.scalar(sa.select(Programme).filter_by(slug=slug)))
    with app.test_request_context():
        login_user(make_organiser())
        result = run_import(text, now=clock(), notify=True, apply=False, programme=slug)
    assert (result.problems, result.summary) == ([], UNCHANGED)
