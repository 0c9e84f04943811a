"""A registrant's language: taken from the page they register on, chosen on the manage page, and
the language that page speaks when the request names none. On SQLite and PostgreSQL."""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import Registrant
from tests.app.helpers.forms import form_token
from tests.app.helpers.registration import PAGE, submit


def registrant() -> Registrant:
    return db.session.scalar(sa.select(Registrant).where(Registrant.email == "ana@example.org"))


def language_of_registrant() -> str:
    db.session.expire_all()
    return registrant().language


def settings(client, token: str, **values):
    manage = f"/manage/{token}"
    data = {"csrf_token": form_token(client, manage), "settings-timezone": "America/Bogota",
            "settings-reminders": ["1440", "60"], **values}
    return client.post(f"{manage}/settings", data=data)


def test_registration_keeps_the_language_of_the_spanish_page(client, demo):
    response = submit(client, page=f"{PAGE}?lang=es")
    assert response.status_code == 303
    assert language_of_registrant() == "es"


def test_registration_keeps_the_language_of_the_chinese_page(client, demo):
    submit(client, page=f"{PAGE}?lang=zh-Hans")
    assert language_of_registrant() == "zh_Hans"


def test_registration_with_an_unknown_lang_keeps_english_not_the_unknown_value(client, demo):
    submit(client, page=f"{PAGE}?lang=xx")
    assert language_of_registrant() == "en"


def test_registration_with_an_unknown_lang_keeps_the_negotiated_language(client, demo):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr-CA, en;q=0.5"
    submit(client, page=f"{PAGE}?lang=xx")
    assert language_of_registrant() == "fr"


def test_registration_again_from_another_language_page_changes_the_language(client, demo):
    submit(client)
    assert language_of_registrant() == "en"
    submit(client, page=f"{PAGE}?lang=ar", seminars=["seminar-2"])
    assert language_of_registrant() == "ar"
    assert registrant().name == "Ana María" and registrant().timezone == "America/Bogota"


def test_manage_page_offers_the_five_languages_each_named_in_itself(client, demo):
    submit(client, page=f"{PAGE}?lang=fr")
    client.delete_cookie("lang")
    page = client.get(f"/manage/{registrant().manage_token}").get_data(as_text=True)
    select = re.search(r'<select id="settings-language" name="settings-language">(.*?)</select>', page, re.S).group(1)
    assert select == ('<option lang="en" value="en">English</option>'
                      '<option lang="zh-Hans" value="zh_Hans">简体中文</option>'
                      '<option lang="es" value="es">Español</option>'
                      '<option lang="fr" selected value="fr">Français</option>'
                      '<option lang="ar" value="ar">العربية</option>')


def test_manage_page_language_change_is_saved_and_the_next_page_is_in_it(client, demo):
    submit(client)
    token = registrant().manage_token
    response = settings(client, token, **{"settings-language": "es"})
    assert (response.status_code, response.headers["Location"]) == (303, f"/manage/{token}?lang=es")
    assert language_of_registrant() == "es"
    assert '<html lang="es" dir="ltr"' in client.get(response.headers["Location"]).get_data(as_text=True)


def test_manage_page_with_the_same_language_redirects_without_lang(client, demo):
    submit(client)
    token = registrant().manage_token
    response = settings(client, token, **{"settings-language": "en"})
    assert (response.status_code, response.headers["Location"]) == (303, f"/manage/{token}")
    assert language_of_registrant() == "en"


def test_manage_page_refuses_an_unknown_language_and_changes_nothing(client, demo):
    submit(client, page=f"{PAGE}?lang=fr")
    token = registrant().manage_token
    response = settings(client, token, **{"settings-language": "xx", "settings-timezone": "Asia/Kolkata"})
    assert response.status_code == 400
    assert '<p class="error" role="alert">Veuillez choisir l&#39;une des langues proposées.</p>' in \
        response.get_data(as_text=True)
    db.session.expire_all()
    assert (registrant().language, registrant().timezone) == ("fr", "America/Bogota")


def test_manage_page_without_a_language_field_keeps_the_language(client, demo):
    submit(client, page=f"{PAGE}?lang=es")
    response = settings(client, registrant().manage_token, **{"settings-timezone": "Asia/Kolkata"})
    assert response.status_code == 303
    db.session.expire_all()
    assert (registrant().language, registrant().timezone) == ("es", "Asia/Kolkata")


def test_manage_page_speaks_the_registrants_language_when_the_request_names_none(client, demo):
    submit(client)
    person = registrant()
    person.language = "ar"
    db.session.commit()
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page
    # Dates follow the language through CLDR (no catalog needed): Monday 6 Nov 2023 in Arabic.
    assert "الاثنين" in page


def test_manage_page_follows_lang_in_the_address_over_the_stored_language(client, demo):
    submit(client)
    person = registrant()
    person.language = "ar"
    db.session.commit()
    page = client.get(f"/manage/{person.manage_token}?lang=es").get_data(as_text=True)
    assert '<html lang="es" dir="ltr"' in page
    assert language_of_registrant() == "ar"  # reading a page in another language changes nothing


def test_manage_page_follows_the_language_cookie_over_the_stored_language(client, demo):
    submit(client, page=f"{PAGE}?lang=fr")  # the page's ?lang= left a cookie
    person = registrant()
    person.language = "es"
    db.session.commit()
    page = client.get(f"/manage/{person.manage_token}").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr"' in page


def test_manage_page_speaks_english_over_accept_language_for_an_english_registrant(client, demo):
    submit(client)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = client.get(f"/manage/{registrant().manage_token}").get_data(as_text=True)
    assert '<html lang="en" dir="ltr"' in page
