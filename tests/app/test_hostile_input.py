"""Hostile input at every form and every address: refused with a message, never a 5xx, nothing written.

The corpus (control and invisible characters, non-characters, line breaks where one line is wanted,
overlong text, lists for scalars, non-numeric and huge ids, invalid UTF-8) goes into every field of
every form (fields listed from the form classes, so a new field is covered) and into every path
argument and query parameter of every URL rule (listed from app.url_map, so a new page is covered).
The demo programme supplies a vote, seminars and cities to point the forms at.
"""
from __future__ import annotations

import collections
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
import sqlalchemy as sa
import yaml
from wtforms.fields.core import UnboundField

from app.auth.forms import SignInForm
from app.organise.forms import AccountChangeForm, AccountForm
from app.extensions import db, limiter
from app.models import Registrant, Seminar
from app.organise.forms import (AnnouncementForm, ApplyImportForm, CityForm, EventForm, InitiativeForm, SeminarForm)
from app.registration import service as registration_service
from app.form_fields import ActionForm
from app.registration.forms import AddSeminarsForm, ConfirmForm, RegistrationForm, SettingsForm
from app.reminders import service as reminders_service
from app.vote.forms import ConfirmVoteForm, VoteForm
from tests.app.helpers.forms import form_token
from tests.app.helpers.organise import CONSOLE, PASSWORD, field_errors, make_organiser, seminar_form, sign_in
from tests.app.helpers.registration import FORM as REGISTRATION
from tests.app.helpers.registration import PAGE as REGISTER
from tests.app.helpers.reminders import seat
from tests.app.helpers.programme_file import export, problems, snapshot
from tests.app.helpers.vote import DURING, SLUG as VOTE_SLUG, cast, last_link

#: The demo's programme: the <programme> part of a public address.
PROGRAMME = "award-2023"

UTC = dt.timezone.utc
#: Requests sent, by part of the corpus, over all databases (printed at the end of the module's run).
SENT: collections.Counter = collections.Counter()


def control(position: int, code: str) -> str:
    return f"Remove the invisible or control character at position {position} ({code})."


def line_break(position: int) -> str:
    return f"Remove the line break at position {position}: this field takes a single line."


#: Refused in every field: name -> (value, message in a single-line field, message in a text area).
ALWAYS = {
    "nul": ("x\x00y", control(2, "U+0000"), control(2, "U+0000")),
    "escape": ("x\x1by", control(2, "U+001B"), control(2, "U+001B")),
    "vertical-tab": ("x\x0by", control(2, "U+000B"), control(2, "U+000B")),
    "lone-cr": ("x\ry", line_break(2), control(2, "U+000D")),
    "del": ("x\x7fy", control(2, "U+007F"), control(2, "U+007F")),
    "c1-csi": ("x\x9by", control(2, "U+009B"), control(2, "U+009B")),
    "c1-next-line": ("x\x85y", control(2, "U+0085"), control(2, "U+0085")),
    "zero-width-space": ("x\u200by", control(2, "U+200B"), control(2, "U+200B")),
    "left-to-right-mark": ("x\u200ey", control(2, "U+200E"), control(2, "U+200E")),
    "rtl-override": ("Evil \u202egnp.exe", control(6, "U+202E"), control(6, "U+202E")),
    "word-joiner": ("x\u2060y", control(2, "U+2060"), control(2, "U+2060")),
    "isolate": ("x\u2066y", control(2, "U+2066"), control(2, "U+2066")),
    "bom": ("\ufeffxy", control(1, "U+FEFF"), control(1, "U+FEFF")),
    "line-separator": ("x\u2028y", line_break(2), control(2, "U+2028")),
    "nonchar-fdd0": ("x\ufdd0y", control(2, "U+FDD0"), control(2, "U+FDD0")),
    "nonchar-ffff": ("x\uffffy", control(2, "U+FFFF"), control(2, "U+FFFF")),
    "nonchar-plane-16": ("x\U0010fffey", control(2, "U+10FFFE"), control(2, "U+10FFFE")),
}
#: Refused in a single-line field only (a text area keeps them).
SINGLE_LINE = {
    "lf": ("x\ny", line_break(2)),
    "crlf": ("Ana\r\nBcc: all@example.org", line_break(4)),
    "tab": ("x\ty", control(2, "U+0009")),
}
#: Text areas: tabs and line breaks are their content.
MULTI_LINE_FIELDS = {"theme", "note", "description", "body"}
#: Fields a browser never shows a message beside (hidden values, buttons, the token): refused all the same.
UNSHOWN = {"csrf_token", "submit", "loaded", "nonce", "version", "text", "start_fold", "end_fold", "shape", "notify",
           "role", "status", "programmes"}
#: Hostile values also sent as the second of two values for one field.
LISTED = {"nul", "crlf", "zero-width-space"}
#: Not refused by the text rule, but by the field's own checks; never a 5xx and never a row.
OTHER_HOSTILE = {
    "overlong": "x" * 100_000,
    "non-numeric": "12abc",
    "huge-integer": "9" * 40,
    "negative": "-1",
}


def hostile_values(multiline: bool) -> dict[str, tuple[str, str]]:
    """name -> (value, the message expected beside the field)."""
    values = {name: (value, multi if multiline else single) for name, (value, single, multi) in ALWAYS.items()}
    if not multiline:
        values.update(SINGLE_LINE)
    return values


def field_names(form_class) -> list[str]:
    """Every field a form class declares (its own and inherited), and the CSRF token."""
    return sorted({name for name in dir(form_class) if isinstance(getattr(form_class, name), UnboundField)}
                  | {"csrf_token"})


def rows():
    db.session.rollback()
    return snapshot()


def post(client, url: str, data, part: str, **kwargs):
    """POST as a browser would, with rate limits reset (the corpus is far over any of them)."""
    limiter.reset()
    SENT[part] += 1
    response = client.post(url, data=data, **kwargs)
    assert response.status_code < 500, (url, data if len(str(data)) < 500 else "…", response.status_code)
    return response


def get(client, url: str, part: str, **kwargs):
    SENT[part] += 1
    response = client.get(url, **kwargs)
    assert response.status_code < 500, (url[:300], response.status_code)
    return response


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    yield
    print("\nrequests sent by the hostile-input corpus:", dict(sorted(SENT.items())), "total", sum(SENT.values()))


# --- the world the forms point at -----------------------------------------------------------------

@dataclass
class World:
    public: object  #: a visitor's client (registration, manage page, vote)
    console: object  #: an admin's client
    manage: str
    registration_id: int
    confirm_path: str
    stop_token: str
    other_organiser_id: int
    forms: dict = field(default_factory=dict)


@pytest.fixture()
def world(app, demo, clock, smtp):
    admin = make_organiser("admin@example.org", "admin")
    other = make_organiser("editor@example.org", "editor")
    console = app.test_client()
    assert sign_in(console, admin.email).status_code == 303
    seminar_1 = db.session.scalar(sa.select(Seminar).where(Seminar.slug == "seminar-1"))
    seminar_2 = db.session.scalar(sa.select(Seminar).where(Seminar.slug == "seminar-2"))
    registration = seat(seminar_1, "ana@example.org", confirmed_at=clock())
    registrant = registration.registrant
    pending = seat(seminar_2, "bo@example.org", confirmed_at=clock(), status="pending")
    confirm_token = registration_service.confirmation_token(pending.registrant, [pending], clock())
    w = World(public=app.test_client(), console=console, manage=f"/manage/{registrant.manage_token}",
              registration_id=registration.id, confirm_path=f"/register/confirm/{confirm_token}",
              stop_token=reminders_service.stop_token(registrant), other_organiser_id=other.id)
    city = db.session.scalar(sa.text("SELECT id FROM cities ORDER BY id LIMIT 1"))
    w.forms = {
        # name: (form class, client, page with the form, where it posts, a valid submission, field prefix)
        "registration": (RegistrationForm, "public", REGISTER, REGISTER, dict(REGISTRATION), ""),
        "manage-settings": (SettingsForm, "public", w.manage, f"{w.manage}/settings",
                            {"timezone": "Europe/Paris", "reminders": ["60"]}, "settings-"),
        "manage-add": (AddSeminarsForm, "public", w.manage, f"{w.manage}/add", {"seminars": ["seminar-3"]}, "add-"),
        "manage-drop": (ActionForm, "public", w.manage, f"{w.manage}/drop/{registration.id}", {}, ""),
        "manage-cancel": (ActionForm, "public", w.manage, f"{w.manage}/cancel", {}, ""),
        "manage-new-feed-link": (ActionForm, "public", w.manage, f"{w.manage}/new-feed-link", {}, ""),
        "registration-confirm": (ConfirmForm, "public", w.confirm_path, w.confirm_path, {}, ""),
        "sign-in": (SignInForm, "signed-out", "/organise/sign-in", "/organise/sign-in",
                    {"email": "editor@example.org", "password": PASSWORD}, ""),
        "sign-out": (ActionForm, "console", "/organise/", "/organise/sign-out", {}, ""),
        "seminar-new": (SeminarForm, "console", f"{CONSOLE}/seminars/new", f"{CONSOLE}/seminars/new",
                        {**seminar_form(seminar_1), "number": "9", "slug": "seminar-9"}, ""),
        "seminar-edit": (SeminarForm, "console", f"{CONSOLE}/seminars/seminar-1", f"{CONSOLE}/seminars/seminar-1",
                         {**seminar_form(seminar_1), "title": "A new title"}, ""),
        "event-new": (EventForm, "console", f"{CONSOLE}/events/new", f"{CONSOLE}/events/new", EVENT, ""),
        "event-edit": (EventForm, "console", f"{CONSOLE}/events/international-seminar-2023",
                       f"{CONSOLE}/events/international-seminar-2023", {**EVENT, "slug": "international-seminar-2023",
                                                                       "kind": "seminar-series"}, ""),
        "city-new": (CityForm, "console", f"{CONSOLE}/cities/new", f"{CONSOLE}/cities/new", CITY, ""),
        "city-edit": (CityForm, "console", f"{CONSOLE}/cities/kazan", f"{CONSOLE}/cities/kazan",
                      {**CITY, "slug": "kazan"}, ""),
        "initiative-new": (InitiativeForm, "console", f"{CONSOLE}/initiatives/new", f"{CONSOLE}/initiatives/new",
                           {"title": "Clean air", "city": str(city), "seminar": str(seminar_1.id),
                            "position": "0"}, ""),
        "account-new": (AccountForm, "console", "/organise/accounts", "/organise/accounts",
                        {"email": "new@example.org", "name": "New", "role": "editor", "password": PASSWORD}, ""),
        "account-change": (AccountChangeForm, "console", "/organise/accounts", f"/organise/accounts/{other.id}",
                           {"role": "admin", "status": "inactive"}, f"a{other.id}-"),
        "announce": (AnnouncementForm, "console", f"{CONSOLE}/seminars/seminar-1/announce",
                     f"{CONSOLE}/seminars/seminar-1/announce", {"nonce": "n" * 24, "subject": "Hello", "body": "Hi."},
                     ""),
        "import-apply": (ApplyImportForm, "console", f"{CONSOLE}/import", f"{CONSOLE}/import/apply",
                         {"text": export(console), "version": "", "notify": "y"}, ""),
    }
    return w


EVENT = {"slug": "new-event", "kind": "ceremony", "title": "An event", "description": "", "location": "Online",
         "timezone": "Asia/Shanghai", "shape": "days", "first_day": "2023-12-01", "last_day": "2023-12-02"}
CITY = {"name": "Lyon", "slug": "", "country": "France", "region": "", "timezone": "Europe/Paris"}

FORMS = ["registration", "manage-settings", "manage-add", "manage-drop", "manage-new-feed-link", "manage-cancel",
         "registration-confirm", "sign-in", "seminar-new", "seminar-edit", "event-new", "event-edit", "city-new",
         "city-edit", "initiative-new", "account-new", "account-change", "announce", "import-apply", "sign-out"]


def _client(app, world: World, kind: str):
    return app.test_client() if kind == "signed-out" else getattr(world, kind)


# --- every form ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FORMS)
def test_every_field_of_every_form_refuses_hostile_text_and_writes_nothing(app, world, name):
    form_class, kind, page, target, valid, prefix = world.forms[name]
    client = _client(app, world, kind)
    token = form_token(client, page)
    SENT["forms"] += 1
    before = rows()
    missing = []
    #: The apply form sends an invalid form back to the import page, and a stale one to a preview.
    answers = {303, 409} if name == "import-apply" else {200, 400}  # sign-in answers 200
    for name_ in field_names(form_class):
        multiline = name_ in MULTI_LINE_FIELDS
        for label, (value, message) in hostile_values(multiline).items():
            # Alone, and for a few, as a list behind a harmless first value (WTForms reads only the first).
            for sent in (value, *([["harmless", value]] if label in LISTED else [])):
                data = {**{prefix + k: v for k, v in valid.items()}, "csrf_token": token, prefix + name_: sent}
                response = post(client, target, data, "forms")
                assert response.status_code in answers, (name_, label, response.status_code)
                if name_ not in UNSHOWN and message not in field_errors(response.get_data(as_text=True)):
                    missing.append((name_, label))
    assert missing == []
    assert rows() == before
    # Overlong text, non-numeric and huge numbers: the fields' own checks; where a field takes any
    # value (a button), the form may go through, so only "never a 5xx" holds here.
    for name_ in field_names(form_class):
        for _label, value in OTHER_HOSTILE.items():
            data = {**{prefix + k: v for k, v in valid.items()}, "csrf_token": token, prefix + name_: value}
            post(client, target, data, "forms")


@pytest.mark.parametrize(("form", "field_name", "value", "message"), [
    ("registration", "name", "Ana\u200bMaría", "Remove the invisible or control character at position 4 (U+200B)."),
    ("registration", "name", "Ana\r\nBcc: victim@example.org",
     "Remove the line break at position 4: this field takes a single line."),
    ("registration", "email", "ana\x00@example.org",
     "Remove the invisible or control character at position 4 (U+0000)."),
    ("registration", "seminars", ["seminar-1", "seminar\x001"],
     "Remove the invisible or control character at position 8 (U+0000)."),
    ("registration", "timezone", "Asia/Shanghai\x7f",
     "Remove the invisible or control character at position 14 (U+007F)."),
    ("seminar-edit", "join_url", "https://zoom.us/j/1\x00",
     "Remove the invisible or control character at position 20 (U+0000)."),
    ("seminar-edit", "join_url", "https://zoom.us/j/1\x7f",
     "Remove the invisible or control character at position 20 (U+007F)."),
    ("seminar-edit", "theme", "line one\r\nline two\x00",
     "Remove the invisible or control character at position 19 (U+0000)."),
    ("seminar-edit", "event", "1\x00", "Remove the invisible or control character at position 2 (U+0000)."),
    ("city-new", "name", "\ufeffLyon", "Remove the invisible or control character at position 1 (U+FEFF)."),
    ("city-new", "country", "Fr\uffffance", "Remove the invisible or control character at position 3 (U+FFFF)."),
    ("account-new", "name", "New\u202e", "Remove the invisible or control character at position 4 (U+202E)."),
    ("sign-in", "email", "editor@example.org\n",
     "Remove the line break at position 19: this field takes a single line."),
])
def test_a_refused_character_gets_one_message_naming_its_position(app, world, form, field_name, value, message):
    form_class, kind, page, target, valid, prefix = world.forms[form]
    client = _client(app, world, kind)
    before = rows()
    response = post(client, target, {**valid, "csrf_token": form_token(client, page), field_name: value}, "forms")
    assert response.status_code == (200 if form == "sign-in" else 400)
    errors = field_errors(response.get_data(as_text=True))
    assert message in errors
    assert rows() == before


def test_a_text_area_keeps_its_lines_and_tabs(app, world):
    _, _, page, target, valid, _ = world.forms["seminar-edit"]
    response = post(world.console, target, {**valid, "csrf_token": form_token(world.console, page),
                                            "theme": "First line\r\n\tSecond line"}, "forms")
    assert response.status_code == 303
    theme = db.session.scalar(sa.select(Seminar.theme).where(Seminar.slug == "seminar-1"))
    assert theme == "First line\r\n\tSecond line"


def test_invalid_utf8_in_a_form_body_is_read_as_replacement_characters_never_an_error(app, world):
    """A browser never sends it; werkzeug decodes it with U+FFFD, which is text like any other."""
    for name in FORMS:
        form_class, kind, page, target, valid, prefix = world.forms[name]
        client = _client(app, world, kind)
        token = form_token(client, page)
        for name_ in field_names(form_class):
            for raw in (b"\xc3\x28", b"\xed\xa0\x80", b"\xff"):  # a broken pair, a lone surrogate, a stray byte
                pairs = [(prefix + k, v) for k, v in valid.items() if prefix + k != prefix + name_]
                body = urlencode([*pairs, ("csrf_token", token), (prefix + name_, raw)], doseq=True)
                post(client, target, body, "invalid-utf8", content_type="application/x-www-form-urlencoded")


# --- the programme file import ---------------------------------------------------------------------

@pytest.mark.parametrize(("where", "message"), [
    (("seminar", "join_url"), "meeting › join_url: has an invisible or control character at position 20 (U+0000)"),
    (("seminar", "title"), "title: has an invisible or control character at position 20 (U+0000)"),
    (("seminar", "theme"), "theme: has an invisible or control character at position 20 (U+0000)"),
    (("city", "name"), "name: has an invisible or control character at position 20 (U+0000)"),
])
def test_an_imported_value_with_a_nul_is_a_named_problem(app, world, where, message):
    kind, key = where

    def change(data):
        entry = data["cities"][0] if kind == "city" else _series(data)["seminars"][0]
        (entry["meeting"] if key == "join_url" else entry)[key] = "https://zoom.us/j/1\x00"

    data = yaml.safe_load(world.forms["import-apply"][4]["text"])
    change(data)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    assert '1\\0"' in text  # written as the YAML escape "\0", as an editor would
    before = rows()
    response = _upload(world.console, text)
    assert response.status_code == 400
    found = problems(response.get_data(as_text=True))
    assert len(found) == 1 and found[0].endswith(message), found
    assert rows() == before


def _series(data: dict) -> dict:
    return next(e for e in data["events"] if e["slug"] == "international-seminar-2023")


def _upload(client, text: str | bytes):
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    SENT["import"] += 1
    response = client.post(f"{CONSOLE}/import", data={"csrf_token": form_token(client, f"{CONSOLE}/import"),
                                                     "file": (io.BytesIO(raw), "programme.yaml")})
    assert response.status_code < 500
    return response


class _Quoting(yaml.SafeDumper):
    """Writes every text double-quoted, so a control character is an escape ("\\0", "\\N") that the
    file's reader turns back into that character (unquoted, a NEL would be read as a line break)."""


_Quoting.add_representer(str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'))


def test_every_text_value_of_an_import_refuses_the_corpus(app, world):
    """Each hostile value in each text field of a city, an event and a seminar (written with YAML
    escapes): a problem naming the entry and field; nothing written."""
    base = yaml.safe_load(world.forms["import-apply"][4]["text"])
    places = {
        "city": (lambda d: d["cities"][0], ["name", "slug", "country", "region", "timezone"]),
        "event": (lambda d: d["events"][0], ["slug", "title", "location", "description", "timezone", "kind"]),
        "seminar": (lambda d: _series(d)["seminars"][0], ["slug", "title", "theme", "timezone"]),
        "meeting": (lambda d: _series(d)["seminars"][0]["meeting"], ["provider", "join_url", "meeting_id",
                                                                     "passcode"]),
        "programme": (lambda d: d["programme"], ["title", "timezone"]),
    }
    before = rows()
    unnamed = []
    for place, (entry, keys) in places.items():
        for key in keys:
            multiline = key in MULTI_LINE_FIELDS
            for label, (value, _) in {**hostile_values(multiline), "surrogate": ("x\ud800y", "")}.items():
                data = yaml.safe_load(yaml.safe_dump(base))
                entry(data)[key] = value
                text = yaml.dump(data, Dumper=_Quoting, sort_keys=False, allow_unicode=True)
                response = _upload(world.console, text)
                assert response.status_code == 400, (place, key, label)
                found = problems(response.get_data(as_text=True))
                if not any(f" › {key}: " in p or p.startswith(f"{key}: ") or "not valid YAML" in p for p in found):
                    unnamed.append((place, key, label, found[:1]))
    assert unnamed == []
    assert rows() == before


# --- every address ---------------------------------------------------------------------------------

def _sample_arguments(world: World) -> dict[str, dict[str, str]]:
    """A valid value for each argument of each endpoint (a page that exists, where one is needed)."""
    token = world.manage.rsplit("/", 1)[1]
    join = db.session.scalar(sa.text("SELECT join_token FROM registrations ORDER BY id LIMIT 1"))
    return {
        "programme.seminar": {"slug": "seminar-1"}, "programme.city": {"slug": "kazan"},
        "feeds.city": {"slug": "kazan"}, "feeds.seminar": {"slug": "seminar-1"}, "feeds.personal": {"token": "x"},
        "registration.join": {"token": join}, "registration.confirm": {"token": world.confirm_path.rsplit("/", 1)[1]},
        "reminders.stop": {"token": world.stop_token}, "vote.confirm": {"token": "x"},
        "devmail.message": {"name": "x.eml"}, "devmail.html_part": {"name": "x.eml"},
        "devmail.part": {"name": "x.eml", "index": "0"}, "static": {"filename": "site.css"},
        "organise.account": {"organiser_id": str(world.other_organiser_id)},
        "organise.initiative": {"initiative_id": "1"}, "organise.remove_initiative": {"initiative_id": "1"},
        "organise.event": {"slug": "international-seminar-2023"}, "organise.city": {"slug": "kazan"},
        "organise.vote_tally": {"slug": VOTE_SLUG}, "organise.vote_tally_csv": {"slug": VOTE_SLUG},
        "vote.ballot": {"slug": VOTE_SLUG}, "vote.results_page": {"slug": VOTE_SLUG}, "vote.sent": {"slug": VOTE_SLUG},
        "registration.drop": {"token": token, "registration_id": str(world.registration_id)},
    } | {endpoint: {"token": token} for endpoint in ("registration.manage", "registration.add_seminars",
                                                      "registration.cancel_everything", "registration.new_feed_link",
                                                      "registration.save_settings")} \
      | {endpoint: {"slug": "seminar-1"} for endpoint in ("organise.seminar", "organise.announce",
                                                         "organise.registrants", "organise.registrants_csv")}


#: Query parameters some pages read, besides ``tz`` that every page reads.
QUERY = {"registration.register": ["city", "seminar"], "auth.sign_in": ["next"], "timezones.picker": ["next"],
         "timezones.follow_device": ["next"], "vote.ballot": ["city"], "organise.registrants": ["status"],
         "organise.initiative": ["city", "seminar"], "devmail.message": ["view"],
         "organise.times": ["date", "start", "end", "end_date", "timezone", "start_fold", "end_fold"]}


def _rules(app, world):
    samples = _sample_arguments(world)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        yield rule, {name: samples.get(rule.endpoint, {}).get(name, PROGRAMME if name == "programme" else "1")
                     for name in sorted(rule.arguments)
                     if f"{name}>" in rule.rule}  # not a default (/organise/p/<programme>/cities/new has slug=None)


def _path(rule, arguments: dict[str, str]) -> str:
    path = rule.rule
    for name, value in arguments.items():
        path = re.sub(rf"<(?:[^<>]+:)?{name}>", lambda _, value=value: value, path)
    return path


def _quoted(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def test_a_hostile_path_argument_is_a_404_on_every_url(app, world):
    before = rows()
    rules = list(_rules(app, world))
    assert len(rules) >= 50
    corpus = {**{k: v[0] for k, v in ALWAYS.items()}, **{k: v[0] for k, v in SINGLE_LINE.items()}}
    for rule, arguments in rules:
        method = "GET" if "GET" in rule.methods else "POST"
        for name in arguments:
            for _label, value in corpus.items():
                path = _path(rule, {**arguments, name: _quoted(value)})
                SENT["paths"] += 1
                response = world.console.open(path, method=method)
                assert response.status_code == 404 if method == "GET" else response.status_code in (400, 404), \
                    (path, response.status_code)
                if method == "GET":
                    assert "There is no page at this address." in response.get_data(as_text=True)
            for label, value in {**OTHER_HOSTILE, "surrogate": "\ud800", "invalid-utf8": "%C3%28",
                                 "dot-segments": "..%2F..%2Fetc%2Fpasswd"}.items():
                raw = value if label in ("invalid-utf8", "dot-segments") else _quoted(value)
                SENT["paths"] += 1
                response = world.console.open(_path(rule, {**arguments, name: raw}), method=method)
                assert response.status_code < 500, (rule.rule, name, label, response.status_code)
    assert rows() == before


def test_a_hostile_query_string_is_a_400_naming_the_parameter_on_every_get_url(app, world):
    before = rows()
    corpus = {**{k: v[0] for k, v in ALWAYS.items()}, **{k: v[0] for k, v in SINGLE_LINE.items()},
              "surrogate": "\ud800"}
    checked = 0
    for rule, arguments in _rules(app, world):
        if "GET" not in rule.methods:
            continue
        path = _path(rule, arguments)
        for parameter in ["tz", "x", *QUERY.get(rule.endpoint, [])]:
            for label, value in corpus.items():
                response = get(world.console, f"{path}?{parameter}={_quoted(value)}", "queries")
                assert response.status_code == 400, (path, parameter, label, response.status_code)
                if label != "surrogate":  # a lone surrogate arrives as invalid UTF-8
                    assert f"The parameter “{parameter}” in the address holds" in response.get_data(as_text=True)
                checked += 1
            for raw in ("%C3%28", "%ED%A0%80", "%FF"):
                response = get(world.console, f"{path}?{parameter}={raw}", "queries")
                assert response.status_code == 400
                assert "The query string of the address is not valid UTF-8 text." in response.get_data(as_text=True)
            for value in OTHER_HOSTILE.values():
                get(world.console, f"{path}?{parameter}={value}&{parameter}=Asia/Tokyo", "queries")
        response = get(world.console, f"{path}?{_quoted('ke' + chr(0) + 'y')}=1", "queries")
        assert response.status_code == 400
        assert ("A parameter name in the query string of the address holds an invisible or control character (U+0000)."
                in response.get_data(as_text=True))
    assert checked > 2000
    assert rows() == before


@pytest.mark.parametrize(("url", "message"), [
    (f"{REGISTER}?city=%00", "The parameter “city” in the address holds an invisible or control character (U+0000) "
                             "at position 1. Check the link, or type the address again."),
    ("/timezone/auto?next=/%0D/evil.example", "The parameter “next” in the address holds a line break at position 2. "
                                              "Check the link, or type the address again."),
    ("/p/award-2023/seminars/seminar-1?tz=Asia/Shanghai%E2%80%8B",
     "The parameter “tz” in the address holds an invisible or "
                                                      "control character (U+200B) at position 14. Check the link, or "
                                                      "type the address again."),
    ("/organise/sign-in?next=/organise%0D%0ASet-Cookie:%20stolen=1", "The parameter “next” in the address holds a "
                                                                      "line break at position 10. Check the link, or "
                                                                      "type the address again."),
])
def test_a_hostile_query_value_is_a_400_with_a_plain_message(client, demo, url, message):
    response = get(client, url, "queries")
    page = response.get_data(as_text=True)
    assert (response.status_code, message in page, "Location" in response.headers) == (400, True, False)


def test_registration_with_a_nul_in_a_seminar_gets_a_message_not_an_error(client, demo, smtp):
    """POST /register with seminars=seminar%001 was a 500 on PostgreSQL."""
    token = form_token(client, REGISTER)
    body = urlencode({**REGISTRATION, "csrf_token": token}, doseq=True)
    body = body.replace("seminars=seminar-1", "seminars=seminar%001")
    response = post(client, REGISTER, body, "forms", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == [
        "Remove the invisible or control character at position 8 (U+0000)."]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registrant)) == 0


def test_a_vote_with_hostile_text_gets_a_message_and_writes_nothing(app, demo, clock, smtp):
    clock.now = DURING
    client = app.test_client()
    before = rows()
    for label, (value, _message, _) in ALWAYS.items():
        for city, email in ((value, "ana@example.org"), ("kazan", f"ana{value}@example.org")):
            limiter.reset()
            SENT["forms"] += 1
            response = cast(client, email, city)
            assert response.status_code == 400, label
            assert len(field_errors(response.get_data(as_text=True))) == 1
    assert rows() == before
    limiter.reset()
    assert cast(client, "ana@example.org", "kazan").status_code == 303
    confirm = last_link()
    token = form_token(client, confirm)
    for _label, (value, _, _) in ALWAYS.items():
        response = post(client, confirm, {"csrf_token": token, "submit": value}, "forms")
        assert response.status_code in (200, 400)
    assert db.session.scalar(sa.text("SELECT count(*) FROM votes")) == 0
    assert {ConfirmVoteForm, VoteForm}  # both forms of the vote are exercised here
