"""The console edits each language in its own group of fields: saved with the row in one commit,
shown to readers of that language, checked like the main field, and re-labelled when the
programme's language changes."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, City, Event, Initiative, Programme, Tour, TourLeg
from tests.app.helpers.auth import notices
from tests.app.helpers.forms import post_form
from tests.app.helpers.organise import CONSOLE, field_errors, seminar_form, signed_in
from tests.app.helpers.reminders import outbox, seat, seminar

UTC = dt.timezone.utc
URL = f"{CONSOLE}/seminars/seminar-1"
PUBLIC = "/p/award-2023/seminars/seminar-1"
TITLE = "Making our cities and regions safe and resilient for all"
SAFE = "让我们的城市安全"


def _edit(client, **changes):
    data = {**seminar_form(seminar("seminar-1")), **changes}
    return post_form(client, URL, {k: v for k, v in data.items() if v is not None})


def _state():
    """What an edit may change: the seminar's columns and translations, its SEQUENCE, the log, the outbox."""
    db.session.expire_all()
    s = seminar("seminar-1")
    return (s.title, s.theme, s.translations, s.sequence, db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEntry)), outbox())


def _h1(client, url: str) -> str:
    return re.search(r"<h1>([^<]*)</h1>", client.get(url).get_data(as_text=True)).group(1)


def _groups(html: str) -> list[tuple[bool, str]]:
    """Each language group as (unfolded, the language named in itself)."""
    return [(bool(opened), name) for opened, name in re.findall(
        r'<details class="language-group"( open)?>\s*<summary><span lang="[^"]+" dir="[^"]+">([^<]+)</span>', html)]


def test_seminar_form_shows_a_group_per_other_language(editor_client, seminar_one):
    html = editor_client.get(URL).get_data(as_text=True)
    assert ('<p class="hint">Written in <span lang="en">English</span>, the programme\'s language. The other '
            'languages have their own fields below.</p>') in html
    assert f'<input dir="ltr" id="title" lang="en" maxlength="200" name="title" required type="text" value="{TITLE}">' \
        in html
    assert _groups(html) == [(False, "简体中文"), (False, "Español"), (False, "Français"), (False, "العربية")]
    assert '<legend class="visually-hidden" lang="ar" dir="rtl">العربية</legend>' in html
    assert '<input dir="rtl" id="title__ar" lang="ar" maxlength="200" name="title__ar" type="text" value="">' in html
    assert ('<textarea dir="rtl" id="theme__ar" lang="ar" maxlength="5000" name="theme__ar" rows="3">\r\n</textarea>'
            in html)
    assert '<input dir="ltr" id="title__zh_Hans" lang="zh-Hans" maxlength="200" name="title__zh_Hans"' in html
    assert 'name="title__en"' not in html  # English is the columns' language


def test_seminar_chinese_title_is_saved_and_shown_to_chinese_readers(editor_client, seminar_one):
    client = editor_client
    sequence = seminar("seminar-1").sequence
    response = _edit(client, title__zh_Hans=f"  {SAFE} ")
    assert (response.status_code, response.headers["Location"]) == (303, URL)
    assert _state()[:4] == (TITLE, seminar_one.theme, {"title": {"zh_Hans": SAFE}}, sequence)
    assert _h1(client, f"{PUBLIC}?lang=zh-Hans") == SAFE
    assert _h1(client, f"{PUBLIC}?lang=en") == TITLE
    assert _h1(client, f"{PUBLIC}?lang=es") == TITLE  # no Spanish version: the column's English
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.kind == "seminar"))
    assert (entry.action, entry.key, entry.changes) == (
        "changed", "seminar-1", {"translations": [None, '{"title": {"zh_Hans": "让我们的城市安全"}}']})
    page = client.get(URL).get_data(as_text=True)
    assert notices(page) == ["Seminar 1 saved (Texts in other languages)."]
    assert _groups(page)[0] == (True, "简体中文") and [opened for opened, _ in _groups(page)[1:]] == [False] * 3
    assert f'name="title__zh_Hans" type="text" value="{SAFE}">' in page


def test_seminar_translation_only_edit_tells_no_registrant_and_keeps_its_sequence(editor_client, seminar_one, clock):
    seat(seminar("seminar-1"), "ana@example.org", confirmed_at=clock())
    seat(seminar("seminar-1"), "ben@example.org", "Europe/Berlin", status="waitlisted", confirmed_at=clock())
    before = _state()
    feed = editor_client.get("/calendars/seminars/seminar-1.ics")
    response = _edit(editor_client, title__ar="لنجعل مدننا آمنة", theme__fr="Des villes sûres\r\npour tous")
    assert response.status_code == 303
    after = _state()
    assert after[2] == {"title": {"ar": "لنجعل مدننا آمنة"}, "theme": {"fr": "Des villes sûres\r\npour tous"}}
    assert (after[3], after[5]) == (before[3], []) == (before[3], before[5])  # same SEQUENCE, no email queued
    assert notices(editor_client.get(URL).get_data(as_text=True)) == ["Seminar 1 saved (Texts in other languages)."]
    refreshed = editor_client.get("/calendars/seminars/seminar-1.ics?lang=ar")
    assert refreshed.headers["ETag"] != feed.headers["ETag"]  # the programme's version moved
    assert "SUMMARY:الندوة 1: لنجعل مدننا آمنة\r\n" in refreshed.get_data(as_text=True)


def test_seminar_translation_edited_twice_keeps_the_latest_and_clearing_removes_it(editor_client, seminar_one):
    assert _edit(editor_client, title__zh_Hans="城市安全", title__es="Ciudades seguras").status_code == 303
    assert _edit(editor_client, title__zh_Hans=SAFE, title__es="Ciudades seguras").status_code == 303
    assert _state()[2] == {"title": {"zh_Hans": SAFE, "es": "Ciudades seguras"}}
    assert _edit(editor_client, title__zh_Hans="", title__es="Ciudades seguras").status_code == 303
    assert _state()[2] == {"title": {"es": "Ciudades seguras"}}
    assert _h1(editor_client, f"{PUBLIC}?lang=zh-Hans") == TITLE
    assert _edit(editor_client, title__es="   ").status_code == 303  # blank is none
    assert _state()[2] == {}
    changes = db.session.scalars(sa.select(AuditEntry.changes).where(AuditEntry.kind == "seminar")
                                 .order_by(AuditEntry.id)).all()
    assert [c["translations"] for c in changes] == [
        [None, '{"title": {"zh_Hans": "城市安全", "es": "Ciudades seguras"}}'],
        ['{"title": {"zh_Hans": "城市安全", "es": "Ciudades seguras"}}',
         '{"title": {"zh_Hans": "让我们的城市安全", "es": "Ciudades seguras"}}'],
        ['{"title": {"zh_Hans": "让我们的城市安全", "es": "Ciudades seguras"}}',
         '{"title": {"es": "Ciudades seguras"}}'],
        ['{"title": {"es": "Ciudades seguras"}}', None]]


def test_seminar_translation_for_an_unknown_language_is_refused_and_changes_nothing(editor_client, seminar_one):
    before = _state()
    response = _edit(editor_client, title="A new English title", title__zh_Hans=SAFE, title__de="Sichere Städte")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _state() == before
    assert ('<p class="notice danger" role="alert">“de” is not one of the service&#39;s languages '
            '(en, zh_Hans, es, fr, ar).</p>') in html
    response = _edit(editor_client, title__en="Safe cities")
    assert response.status_code == 400 and _state() == before
    assert ("“en” is the programme&#39;s language: its text goes in the main field, not in a group of other "
            "languages.") in response.get_data(as_text=True)


@pytest.mark.parametrize(("changes", "error"), [
    ({"title__zh_Hans": "让我们\x00的城市"}, "Remove the invisible or control character at position 4 (U+0000)."),
    ({"title__ar": "مدن\u202eآمنة"}, "Remove the invisible or control character at position 4 (U+202E)."),
    ({"title__fr": "Des villes\r\nsûres"}, "Remove the line break at position 11: this field takes a single line."),
    ({"theme__es": "Ciudades\rseguras"}, "Remove the invisible or control character at position 9 (U+000D)."),
    ({"title__es": "x" * 201}, "Field cannot be longer than 200 characters."),
])
def test_seminar_bad_translation_is_refused_in_its_group_and_changes_nothing(editor_client, seminar_one, changes,
                                                                              error):
    before = _state()
    response = _edit(editor_client, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _state() == before
    assert field_errors(html) == [error]
    name = next(iter(changes))
    group = html[html.rindex("<details", 0, html.index(f'id="{name}"')):]
    assert group.startswith('<details class="language-group" open>')
    assert f'<p class="error" role="alert">{error}</p>' in group[:group.index("</details>")]


@pytest.fixture()
def programme(seminar_one, make_programme, default_programme):
    """The 2023 cycle with a Chinese title, seminar 1 with a Chinese title, and Kazan shared with 2025."""
    award = default_programme()
    award.translations = {"title": {"zh_Hans": "第六届广州国际城市创新奖"}}
    seminar_one.translations = {"title": {"zh_Hans": SAFE}}
    xianning, kazan = (db.session.scalar(sa.select(City).filter_by(slug=s)) for s in ("xianning", "kazan"))
    xianning.translations = {"name": {"zh_Hans": "咸宁"}}
    kazan.translations = {"name": {"zh_Hans": "喀山"}}
    later = make_programme(slug="award-2025", title="7th award", serves_old_urls=False)
    later.cities.append(kazan)
    db.session.commit()
    return award


def _settings(programme: Programme, **changes) -> dict:
    return {"title": programme.title, "description": programme.description, "timezone": programme.timezone,
            "first_day": programme.first_day.isoformat(), "last_day": programme.last_day.isoformat(),
            "status": programme.status, "language": programme.language, **changes}


def _texts(model, slug: str) -> tuple:
    db.session.expire_all()
    row = db.session.scalar(sa.select(model).filter_by(slug=slug))
    return tuple(getattr(row, field) for field in model.TRANSLATED) + (row.translations,)


def test_programme_language_change_relabels_its_texts_and_loses_none(client, programme):
    signed_in(client, "admin")
    kazan = _texts(City, "kazan")
    response = post_form(client, f"{CONSOLE}/edit", _settings(programme, language="zh_Hans"))
    assert response.status_code == 303
    assert notices(client.get(f"{CONSOLE}/").get_data(as_text=True)) == [
        "Programme “第六届广州国际城市创新奖” saved. Its main texts are now read as Chinese; what they held before "
        "stays as their English version."]
    assert _texts(Programme, "award-2023") == (
        "第六届广州国际城市创新奖", "", {"title": {"en": "6th Guangzhou International Award for Urban Innovation"}})
    theme = seminar("seminar-1").theme
    assert _texts(type(seminar("seminar-1")), "seminar-1") == (SAFE, theme, {"title": {"en": TITLE},
                                                                            "theme": {"en": theme}})
    assert _texts(City, "xianning") == ("咸宁", "China", "", {"name": {"en": "Xianning"}, "country": {"en": "China"}})
    assert _texts(City, "kazan") == kazan  # 2025 reads Kazan's columns too: they stay
    assert _texts(Event, "international-seminar-2023") == (
        "International Seminar on Learning from Urban Innovation", "", "Online",
        {"title": {"en": "International Seminar on Learning from Urban Innovation"}, "location": {"en": "Online"}})
    initiative = db.session.scalar(sa.select(Initiative).join(Initiative.city).where(City.slug == "tehran"))
    assert initiative.translations == {"title": {"en": initiative.title}}
    assert db.session.scalar(sa.select(Programme.language).filter_by(slug="award-2023")) == "zh_Hans"
    # Readers read what they read before; a language with no version of its own now reads the Chinese.
    assert _h1(client, f"{PUBLIC}?lang=en") == TITLE
    assert _h1(client, f"{PUBLIC}?lang=zh-Hans") == SAFE
    assert _h1(client, f"{PUBLIC}?lang=es") == SAFE
    form = client.get(URL).get_data(as_text=True)
    assert "Written in <span lang=\"zh-Hans\">简体中文</span>, the programme's language." in form
    assert _groups(form) == [(True, "English"), (False, "Español"), (False, "Français"), (False, "العربية")]
    assert f'name="title__en" type="text" value="{TITLE}">' in form
    entries = db.session.execute(sa.select(AuditEntry.kind, AuditEntry.key, AuditEntry.summary)
                                 .order_by(AuditEntry.id)).all()
    assert ("seminar", "seminar-1", "texts re-labelled from en to zh_Hans") in entries
    assert not [e for e in entries if e.key == "kazan"]
    programme_entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.kind == "programme"))
    assert programme_entry.changes == {
        "title": ["6th Guangzhou International Award for Urban Innovation", "第六届广州国际城市创新奖"],
        "language": ["en", "zh_Hans"],
        "translations": ['{"title": {"zh_Hans": "第六届广州国际城市创新奖"}}',
                         '{"title": {"en": "6th Guangzhou International Award for Urban Innovation"}}']}
    # And back: the English returns to the columns, the Chinese to the translations, as at the start.
    assert post_form(client, f"{CONSOLE}/edit", _settings(db.session.get(Programme, programme.id),
                                                          title="第六届广州国际城市创新奖",
                                                          title__en="6th Guangzhou International Award for Urban "
                                                                    "Innovation",
                                                          language="en")).status_code == 303
    assert _texts(type(seminar("seminar-1")), "seminar-1") == (TITLE, theme, {"title": {"zh_Hans": SAFE}})
    assert _texts(City, "xianning") == ("Xianning", "China", "", {"name": {"zh_Hans": "咸宁"}})


def test_programme_language_must_be_one_of_the_five(admin_client, programme):
    before = _texts(Programme, "award-2023")
    response = post_form(admin_client, f"{CONSOLE}/edit", _settings(programme, language="de"))
    assert response.status_code == 400 and _texts(Programme, "award-2023") == before
    assert field_errors(response.get_data(as_text=True)) == ["Choose one of the languages listed."]
    assert ('<option value="zh_Hans">简体中文</option>' in admin_client.get(f"{CONSOLE}/edit").get_data(as_text=True))


def test_new_programme_written_in_english_becomes_french_with_its_english_kept(admin_client):
    data = {"slug": "award-2025", "title": "7th Guangzhou Award", "title__fr": "7e Prix de Guangzhou",
            "description": "Cities present.", "description__fr": "Les villes présentent.", "timezone": "Asia/Shanghai",
            "first_day": "2025-11-01", "last_day": "2025-12-09", "status": "draft", "language": "fr"}
    assert post_form(admin_client, "/organise/programmes/new", data).status_code == 303
    assert _texts(Programme, "award-2025") == ("7e Prix de Guangzhou", "Les villes présentent.", {
        "title": {"en": "7th Guangzhou Award"}, "description": {"en": "Cities present."}})


def test_event_city_and_initiative_forms_save_their_languages(editor_client, seminar_one):
    client = editor_client
    event = {"slug": "closing-forum", "kind": "forum", "title": "Closing forum", "title__fr": "Forum de clôture",
             "description": "", "description__ar": "منتدى\r\nالختام", "location": "Guangzhou, China",
             "timezone": "Asia/Shanghai", "shape": "days", "first_day": "2023-12-08", "last_day": "2023-12-08"}
    assert post_form(client, f"{CONSOLE}/events/new", event).status_code == 303
    assert _texts(Event, "closing-forum") == ("Closing forum", "", "Guangzhou, China", {
        "title": {"fr": "Forum de clôture"}, "description": {"ar": "منتدى\r\nالختام"}})
    city = {"name": "Kraków", "name__zh_Hans": "克拉科夫", "country": "Poland", "country__zh_Hans": "波兰",
            "region": "", "region__ar": "", "slug": "", "timezone": "Europe/Warsaw"}
    assert post_form(client, f"{CONSOLE}/cities/new", city).status_code == 303
    assert _texts(City, "krakow") == ("Kraków", "Poland", "", {"name": {"zh_Hans": "克拉科夫"},
                                                               "country": {"zh_Hans": "波兰"}})
    added = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.kind == "city"))
    assert added.changes["translations"] == [None, '{"name": {"zh_Hans": "克拉科夫"}, "country": {"zh_Hans": "波兰"}}']
    assert post_form(client, f"{CONSOLE}/cities/krakow", {**city, "name__zh_Hans": ""}).status_code == 303
    assert _texts(City, "krakow")[-1] == {"country": {"zh_Hans": "波兰"}}
    krakow = db.session.scalar(sa.select(City).filter_by(slug="krakow"))
    initiative = {"title": "Green courtyards", "title__es": "Patios verdes", "city": str(krakow.id),
                  "seminar": str(seminar("seminar-1").id), "position": "5"}
    assert post_form(client, f"{CONSOLE}/initiatives/new", initiative).status_code == 303
    row = db.session.scalar(sa.select(Initiative).where(Initiative.city_id == krakow.id))
    assert (row.title, row.translations) == ("Green courtyards", {"title": {"es": "Patios verdes"}})
    multi = post_form(client, f"{CONSOLE}/initiatives/{row.id}", {**initiative, "title__es": "Patios\r\nverdes"})
    assert field_errors(multi.get_data(as_text=True)) == [  # one line, as its main field
        "Remove the line break at position 7: this field takes a single line."]
    page = client.get("/p/award-2023/seminars/seminar-1?lang=es").get_data(as_text=True)
    assert "<td>Patios verdes</td>" in page


def test_tour_and_leg_forms_save_their_languages(editor_client, default_programme, make_city):
    client = editor_client
    kazan = make_city()
    tour = {"slug": "study-tour", "title": "Study tour", "title__zh_Hans": "考察之旅", "description": "",
            "audience": "Scholars", "audience__ar": "الباحثون", "capacity": ""}
    assert post_form(client, f"{CONSOLE}/tours/new", tour).status_code == 303
    assert _texts(Tour, "study-tour") == ("Study tour", "", "Scholars", {"title": {"zh_Hans": "考察之旅"},
                                                                        "audience": {"ar": "الباحثون"}})
    leg = {"city": str(kazan.id), "timezone": "", "shape": "days", "first_day": "2023-11-20",
           "last_day": "2023-11-21", "venue": "0", "host": "City of Kazan", "host__fr": "Ville de Kazan",
           "position": "0"}
    assert post_form(client, f"{CONSOLE}/tours/study-tour/legs/new", leg).status_code == 303
    row = db.session.scalar(sa.select(TourLeg))
    assert (row.host, row.translations) == ("City of Kazan", {"host": {"fr": "Ville de Kazan"}})
    del leg["city"]
    refused = post_form(client, f"{CONSOLE}/tours/study-tour/legs/kazan", {**leg, "host__de": "Stadt Kasan"})
    assert refused.status_code == 400
    assert "“de” is not one of the service&#39;s languages (en, zh_Hans, es, fr, ar)." in refused.get_data(as_text=True)
    assert post_form(client, f"{CONSOLE}/tours/study-tour/legs/kazan", {**leg, "host__fr": ""}).status_code == 303
    db.session.expire_all()
    assert db.session.scalar(sa.select(TourLeg)).translations == {}
