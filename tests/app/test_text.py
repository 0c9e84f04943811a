"""The text rule (app/text.py): which characters are refused, where, and how the refusal reads."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from flask_wtf import FlaskForm

import app
from app import text
from app.forms import Form
from app.text import Refused

#: Every range the rule refuses, by its first and last code point.
REFUSED_RANGES = [(0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0x200B, 0x200B), (0x200E, 0x200F),
                  (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFEFF, 0xFEFF), (0xD800, 0xDFFF),
                  (0xFDD0, 0xFDEF), (0x2028, 0x2029)] + [
    (plane << 16 | 0xFFFE, plane << 16 | 0xFFFF) for plane in range(17)]


def _refused_everywhere() -> set[int]:
    return {c for first, last in REFUSED_RANGES for c in range(first, last + 1)}


def test_every_code_point_is_refused_exactly_when_a_range_lists_it():
    expected_single = _refused_everywhere() | {0x09, 0x0A, 0x0D}
    expected_multi = _refused_everywhere() | {0x0D}  # a lone CR
    found_single = {c for c in range(0x110000) if text.refused(f"a{chr(c)}b") is not None}
    found_multi = {c for c in range(0x110000) if text.refused(f"a{chr(c)}b", multiline=True) is not None}
    assert (found_single == expected_single, found_multi == expected_multi) == (True, True)
    assert (len(found_single), len(found_multi)) == (2_199, 2_197)


@pytest.mark.parametrize(("value", "multiline", "found"), [
    ("Ana María 李娜 مريم", False, None),
    ("می‌خواهم नमस्ते 👩‍💻", False, None),  # ZWNJ in Persian, ZWJ in an emoji sequence
    ("São Paulo — “quoted” 🙂 \ufffd", False, None),
    ("x\x00y", False, Refused(2, "\x00")),
    ("ab\x7f", False, Refused(3, "\x7f")),
    ("\ufeffName", False, Refused(1, "\ufeff")),
    ("Evil \u202egnp.exe", False, Refused(6, "\u202e")),
    ("Ana\r\nBcc: x@example.org", False, Refused(4, "\r")),
    ("tab\there", False, Refused(4, "\t")),
    ("line one\r\nline two\n\tindented", True, None),
    ("a lone\rCR", True, Refused(7, "\r", True)),
    ("para\u2029graph", True, Refused(5, "\u2029", True)),
    ("x\U0010ffffy", True, Refused(2, "\U0010ffff", True)),
    ("x\ud800y", False, Refused(2, "\ud800")),
])
def test_refused_gives_the_first_refused_character_counted_from_one(value, multiline, found):
    assert text.refused(value, multiline) == found


def test_messages_name_the_position_and_code_point():
    assert text.refused("Zoom\x00").form_message() == ("Remove the invisible or control character at position 5 "
                                                       "(U+0000).")
    assert text.refused("a\u200bb").form_message() == ("Remove the invisible or control character at position 2 "
                                                       "(U+200B).")
    assert text.refused("x\U0001fffe").form_message() == ("Remove the invisible or control character at position 2 "
                                                          "(U+1FFFE).")
    assert text.refused("Ana\nB").form_message() == ("Remove the line break at position 4: this field takes a "
                                                     "single line.")
    assert text.refused("a\rb", multiline=True).form_message() == ("Remove the invisible or control character at "
                                                                  "position 2 (U+000D).")
    assert text.refused("https://zoom.us/j/1\x00").file_message() == ("has an invisible or control character at "
                                                                     "position 20 (U+0000)")
    assert text.refused("a\u2028b").file_message() == "must be a single line (line break at position 2)"


def test_every_form_of_the_app_applies_the_rule():
    """A form class anywhere in app/ derives from app.forms.Form (so no form can skip the rule)."""
    forms = set()
    for module in pkgutil.walk_packages(app.__path__, "app."):
        for _, value in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(value, FlaskForm) and value.__module__.startswith("app."):
                forms.add(value)
    assert len(forms) >= 19
    assert sorted(f.__name__ for f in forms if not issubclass(f, Form)) == []


def test_shown_writes_each_refused_character_as_its_code_point():
    assert text.shown("cities[0] (Ka\ud800zan) › name") == "cities[0] (Ka<U+D800>zan) › name"
    assert text.shown("a\x00b\u202ec\nd — Bogotá") == "a<U+0000>b<U+202E>c<U+000A>d — Bogotá"
    assert text.shown("line 1\n  in line\u2028 2", multiline=True) == "line 1\n  in line<U+2028> 2"
