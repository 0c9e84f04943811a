"""The reader's language for a request, and what pages need to show and switch it.

The order: ``?lang=`` (remembered in a cookie), else, on the console's pages, the signed-in
organiser's own language (their account's), else the cookie, else Accept-Language among the five,
else English. An unknown ``?lang`` is ignored and never stored. Outside a request (the
scheduler's jobs), texts are English unless a recipient's language is forced with
``flask_babel.force_locale``.
"""
from __future__ import annotations

from urllib.parse import urlencode

from babel import Locale
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from app import languages
from app.extensions import babel

COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600
#: Pages of these blueprints are the organisers' own: no alternates for search engines.
_PRIVATE_BLUEPRINTS = frozenset({"organise", "auth", "devmail"})
#: Pages of these blueprints speak a signed-in organiser's own language (Organiser.language).
_CONSOLE_BLUEPRINTS = frozenset({"organise", "auth"})


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=_select_locale)
    # {% trans %} blocks are extracted and looked up with their whitespace collapsed (babel.cfg).
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.after_request(_remember_choice)
    app.context_processor(lambda: {"language": current(), "languages": languages.LANGUAGES.values(),
                                   "lang_url": lang_url, "alternates": alternates})


def _chosen() -> tuple[str, bool]:
    """The request's language code, and whether ``?lang=`` chose it."""
    if "lang_choice" not in g:
        asked = languages.parse(request.args.get("lang"))
        if asked:
            g.lang_choice = (asked, True)
        elif stored := _organiser_language():
            g.lang_choice = (stored, False)
        else:
            g.lang_choice = (languages.parse(request.cookies.get(COOKIE))
                             or languages.negotiate(request.headers.get("Accept-Language"))
                             or languages.DEFAULT, False)
    return g.lang_choice


def _organiser_language() -> str | None:
    """On a console page, the signed-in organiser's stored language: an organiser sharing a browser
    with a reader of the public pages keeps their own console language (not the cookie)."""
    if request.blueprint not in _CONSOLE_BLUEPRINTS or not current_user.is_authenticated:
        return None
    return languages.parse(current_user.language)


def _select_locale() -> str:
    code = _chosen()[0] if has_request_context() else languages.DEFAULT
    return languages.LANGUAGES[code].cldr


def cldr() -> str:
    """The CLDR locale of the language in force (the request's, or one forced for a recipient);
    English outside an application context (a library call, a script)."""
    locale = get_locale()
    return str(locale) if locale is not None else languages.LANGUAGES[languages.DEFAULT].cldr


def current() -> languages.Language:
    """The language in force."""
    return languages.BY_CLDR.get(cldr(), languages.LANGUAGES[languages.DEFAULT])


def current_code() -> str:
    """The code to store for someone who used this page (``zh_Hans``)."""
    return current().code


def _remember_choice(response: Response) -> Response:
    if "lang_choice" in g:
        code, from_query = g.lang_choice
        if from_query and request.cookies.get(COOKIE) != code:
            response.set_cookie(COOKIE, code, max_age=COOKIE_AGE, samesite="Lax", httponly=True,
                                secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    if response.mimetype == "text/html":
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def lang_url(code: str) -> str:
    """This page in another language: its path and query with ``lang`` set."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", languages.LANGUAGES[code].tag))
    return f"{request.path}?{urlencode(args)}"


def alternates() -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` for each language of a public page, then ``x-default``."""
    if request.blueprint in _PRIVATE_BLUEPRINTS or request.method != "GET":
        return []
    base = current_app.config["BASE_URL"]
    plain = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    links = [(lang.tag, base + lang_url(lang.code)) for lang in languages.LANGUAGES.values()]
    return links + [("x-default", base + request.path + (f"?{urlencode(plain)}" if plain else ""))]


def language_name(code: str) -> str:
    """A language named in the reader's language (CLDR): ``chinois`` for a French reader."""
    return Locale.parse(languages.get(code).cldr).get_language_name(cldr())
