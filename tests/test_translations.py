"""The shipped catalogs are complete, and no text for people escapes them.

Messages are extracted from the sources with babel.cfg, as `make extract` does, so a string marked
yesterday and never translated fails here, not in front of a reader. Text in a template outside
gettext, or a literal passed to flash(), a form field or a validator, fails too.
"""
from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import Environment, nodes

from app.languages import DEFAULT, LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "app" / "translations"
TEMPLATES = ROOT / "app" / "templates"
#: Babel's keywords (gettext, ngettext, pgettext ...) and the lazy ones of `make extract`.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2),
            "lazy_pgettext": ((1, "c"), 2)}
TRANSLATED = [code for code in LANGUAGES if code != DEFAULT]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _extracted() -> dict[tuple[str, str | None], tuple[str, ...]]:
    """(msgid, context) -> the forms to translate (one, or singular and plural), from the sources."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[tuple[str, str | None], tuple[str, ...]] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        forms = message if isinstance(message, tuple) else (message,)
        found[(forms[0], context)] = forms
    return found


@pytest.fixture(scope="module")
def extracted():
    return _extracted()


def test_extraction_finds_the_interface_text(extracted):
    # A broken babel.cfg extracts nothing, and an empty catalog is trivially "complete".
    assert ("Skip to content", None) in extracted
    assert ("Africa", "time zone region") in extracted
    assert len(extracted) > 900


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_translates_every_message_of_the_sources(code, extracted):
    path = CATALOGS / code / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as po:
        catalog = read_po(po, locale=LANGUAGES[code].cldr)
    missing, empty, fuzzy, placeholders = [], [], [], []
    for (msgid, context), forms in extracted.items():
        message = catalog.get(msgid, context=context)
        if message is None:
            missing.append(msgid)
            continue
        if message.fuzzy:
            fuzzy.append(msgid)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings):
            empty.append(msgid)
        wanted = set(PLACEHOLDER.findall(forms[-1])) | set(PLACEHOLDER.findall(forms[0]))
        for translated in strings:
            # A plural form for one may leave out the count (Chinese has a single form).
            if translated and not set(PLACEHOLDER.findall(translated)) <= wanted:
                placeholders.append(msgid)
            elif translated and len(strings) == 1 and set(PLACEHOLDER.findall(translated)) != wanted:
                placeholders.append(msgid)
    assert (missing, empty, fuzzy, placeholders) == ([], [], [], []), (
        f"{code}: {len(missing)} missing, {len(empty)} empty, {len(fuzzy)} fuzzy, "
        f"{len(placeholders)} with other placeholders; run `make update-catalogs` and translate "
        f"{path.relative_to(ROOT)}")


# --- text outside the translation layer -------------------------------------------------------

#: Attributes whose values people read (or hear, from a screen reader).
_READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "aria-description"}
#: Words that are the same in every language: names and notation, not prose.
_NOT_PROSE = {"UTC", "GZ", "iCal", "ICS", "iCalendar", "UCLG", "IANA", "Zoom", "OpenStreetMap", "CSV",
              "YAML", "Guangzhou"}
_WORD = re.compile(r"[^\W\d_]{2,}")


class _VisibleText(HTMLParser):
    """Collects the text and read attributes of an HTML fragment, leaving scripts and styles out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (name in _READ_ATTRIBUTES or (name == "value" and tag == "input"
                                                          and ("type", "submit") in attrs)):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _prose(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w not in _NOT_PROSE]


def _template_data(tree: nodes.Node) -> str:
    """The template's literal text with every {{ ... }} and {% ... %} replaced by a blank."""
    return " ".join(node.data for node in tree.find_all(nodes.TemplateData))


def _untranslated_in_template(path: Path) -> list[str]:
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    tree = env.parse(path.read_text(encoding="utf-8"))
    text = _template_data(tree)
    if path.suffix == ".html":
        parser = _VisibleText()
        parser.feed(re.sub(r"<!--.*?-->", " ", text, flags=re.S))
        text = " ".join(parser.parts)
    return _prose(text)


def test_templates_have_no_text_outside_gettext():
    found = {}
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix in (".html", ".txt") and (words := _untranslated_in_template(path)):
            found[str(path.relative_to(ROOT))] = " ".join(words)[:160]
    assert found == {}


#: Calls whose string arguments people read.
_SHOWN_ARGUMENTS = {"flash": (0,), "ValidationError": (0,), "abort": (), "StopValidation": (0,)}
_SHOWN_KEYWORDS = {"label", "description", "message", "subject"}
_GETTEXT = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _is_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_prose(node.value))
    return isinstance(node, ast.JoinedStr) and any(
        isinstance(v, ast.Constant) and _prose(str(v.value)) for v in node.values)


def _untranslated_in_module(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or _name(node) in _GETTEXT:
            continue
        name = _name(node)
        field = name.endswith("Field")
        positions = _SHOWN_ARGUMENTS.get(name, (0,) if field else ())
        shown = [node.args[i] for i in positions if i < len(node.args)]
        shown += [kw.value for kw in node.keywords if kw.arg in _SHOWN_KEYWORDS
                  or (name == "abort" and kw.arg == "description")]
        found += [f"{path.relative_to(ROOT)}:{arg.lineno}" for arg in shown if _is_text(arg)]
    return found


def test_python_modules_pass_people_text_through_gettext():
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        found += _untranslated_in_module(path)
    assert found == []
