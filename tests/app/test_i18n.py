"""Which language a page is in: ?lang= (remembered), the cookie, Accept-Language, English; the
switcher, <html lang dir>, hreflang alternates, and bad input that changes nothing."""
from __future__ import annotations

import datetime as dt
import re

import pytest


def _html_tag(response) -> str:
    return re.search(r"<html [^>]*>", response.get_data(as_text=True)).group(0)


def _lang(response) -> tuple[str, str]:
    tag = _html_tag(response)
    return re.search(r'lang="([^"]*)"', tag).group(1), re.search(r'dir="([^"]*)"', tag).group(1)


def test_a_page_without_any_wish_is_english(client):
    response = client.get("/")
    assert _lang(response) == ("en", "ltr")
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("header, expected", [
    ("fr-CA,fr;q=0.9,en;q=0.5", ("fr", "ltr")),
    ("de-DE,de;q=0.9,es;q=0.8,en;q=0.5", ("es", "ltr")),
    ("zh-CN,zh;q=0.9", ("zh-Hans", "ltr")),
    ("zh-TW", ("zh-Hans", "ltr")),
    ("ar-PS", ("ar", "rtl")),
    ("en-GB,en;q=0.9", ("en", "ltr")),
    ("de, es;q=0", ("en", "ltr")),
])
def test_accept_language_is_negotiated_among_the_five(client, header, expected):
    assert _lang(client.get("/", headers={"Accept-Language": header})) == expected


@pytest.mark.parametrize("header, expected", [
    ("x" * 100_000, "en"),
    (";;;,,,q=abc", "en"),
    ("es;q=abc, fr;q=", "fr"),  # a broken quality reads as none given: French is still wanted
    ("\u00e9\u00e8;q=1", "en"),
    ("*", "en"),
    ("es-" + "A" * 5000, "es"),
])
def test_a_malformed_or_enormous_accept_language_gives_a_page_never_an_error(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 200
    assert _lang(response)[0] == expected


def test_lang_in_the_query_wins_and_is_remembered_in_a_cookie(client):
    response = client.get("/?lang=ar", headers={"Accept-Language": "fr"})
    assert _lang(response) == ("ar", "rtl")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=ar;")
    assert "Max-Age=31536000" in cookie and "SameSite=Lax" in cookie and "HttpOnly" in cookie
    # The next page, with no ?lang=, keeps Arabic over the browser's French.
    assert _lang(client.get("/", headers={"Accept-Language": "fr"})) == ("ar", "rtl")


def test_the_cookie_wins_over_accept_language_and_the_query_over_the_cookie(client):
    client.set_cookie("lang", "es")
    assert _lang(client.get("/", headers={"Accept-Language": "fr"})) == ("es", "ltr")
    response = client.get("/?lang=zh-Hans", headers={"Accept-Language": "fr"})
    assert _lang(response) == ("zh-Hans", "ltr")
    assert response.headers["Set-Cookie"].startswith("lang=zh_Hans;")


def test_a_query_naming_the_remembered_language_sets_no_new_cookie(client):
    client.set_cookie("lang", "fr")
    assert "Set-Cookie" not in client.get("/?lang=fr").headers


@pytest.mark.parametrize("value", ["xx", "de", "en-US-x-" + "a" * 40, "<script>", ""])
def test_an_unknown_lang_is_ignored_and_never_stored(client, value):
    response = client.get("/", query_string={"lang": value}, headers={"Accept-Language": "es"})
    assert response.status_code == 200
    assert _lang(response) == ("es", "ltr")
    assert "Set-Cookie" not in response.headers


def test_an_unknown_cookie_value_is_ignored(client):
    client.set_cookie("lang", "klingon")
    assert _lang(client.get("/", headers={"Accept-Language": "fr"})) == ("fr", "ltr")


def test_the_switcher_names_each_language_in_itself_and_keeps_the_query(client):
    page = client.get("/?tz=America/Bogota&lang=fr").get_data(as_text=True)
    switcher = page[page.index('<nav class="lang-switch"'):]
    switcher = switcher[:switcher.index("</nav>")]
    links = re.findall(r'<a href="([^"]*)" lang="([^"]*)" hreflang="([^"]*)"( aria-current="true")?>([^<]*)</a>',
                       switcher)
    assert links == [
        ("/?tz=America%2FBogota&amp;lang=en", "en", "en", "", "English"),
        ("/?tz=America%2FBogota&amp;lang=zh-Hans", "zh-Hans", "zh-Hans", "", "简体中文"),
        ("/?tz=America%2FBogota&amp;lang=es", "es", "es", "", "Español"),
        ("/?tz=America%2FBogota&amp;lang=fr", "fr", "fr", ' aria-current="true"', "Français"),
        ("/?tz=America%2FBogota&amp;lang=ar", "ar", "ar", "", "العربية"),
    ]


def test_public_pages_list_their_alternates_for_search_engines(client):
    page = client.get("/?tz=Asia/Tehran").get_data(as_text=True)
    assert re.findall(r'<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">', page) == [
        ("en", "http://127.0.0.1:5000/?tz=Asia%2FTehran&amp;lang=en"),
        ("zh-Hans", "http://127.0.0.1:5000/?tz=Asia%2FTehran&amp;lang=zh-Hans"),
        ("es", "http://127.0.0.1:5000/?tz=Asia%2FTehran&amp;lang=es"),
        ("fr", "http://127.0.0.1:5000/?tz=Asia%2FTehran&amp;lang=fr"),
        ("ar", "http://127.0.0.1:5000/?tz=Asia%2FTehran&amp;lang=ar"),
        ("x-default", "http://127.0.0.1:5000/?tz=Asia%2FTehran"),
    ]


def test_the_organisers_sign_in_page_lists_no_alternates(client):
    page = client.get("/organise/sign-in").get_data(as_text=True)
    assert 'rel="alternate"' not in page
    assert 'class="lang-switch"' in page


def test_pages_say_they_vary_by_language(client):
    vary = client.get("/").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


@pytest.mark.parametrize("lang, expected", [
    ("en", "1\u20139 Nov 2023"),
    ("es", "1\u20139 nov 2023"),
    ("fr", "1\u20139 nov. 2023"),
    ("zh-Hans", "2023年11月1日\u2009\u2013\u20099日"),
    ("ar", "1\u20139 نوفمبر 2023"),
])
def test_a_programmes_dates_are_written_in_the_readers_language(client, make_programme, lang, expected):
    make_programme(first_day=dt.date(2023, 11, 1), last_day=dt.date(2023, 11, 9))
    page = client.get("/", query_string={"lang": lang}).get_data(as_text=True)
    assert f'<p class="eyebrow">{expected}</p>' in page
