"""Reading a programme file: YAML (or JSON) text to a validated ProgrammeFile, or every problem
in one list, each named by entry and field."""
from __future__ import annotations

import collections.abc
import re
from typing import Any

import yaml
from flask_babel import gettext as _
from pydantic import ValidationError

from app import text as text_rule
from app.programme_file.languages import LANGUAGE, file_language
from app.programme_file.messages import pydantic_message
from app.programme_file.rules import cross_check
from app.programme_file.schema import ProgrammeFile

#: Problems listed for one file: the first ones are enough to fix, and the list stays readable.
MAX_PROBLEMS = 100


class ProgrammeFileError(ValueError):
    """A file that cannot be loaded; ``problems`` lists one message per entry and field."""

    def __init__(self, problems: list[str]):
        # A problem may quote a refused name or key; a YAML error spans lines.
        problems = [text_rule.shown(p, multiline=True) for p in problems]
        super().__init__("\n".join(problems))
        self.problems = problems


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (the second would win silently),
    a key that is not a plain value, and aliases (``*name``), whose repeats can multiply a small
    file into an enormous one."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, _("aliases (*name) are not accepted; write the entry out"),
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        keys = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, collections.abc.Hashable):
                raise yaml.constructor.ConstructorError(None, None, _("a key must be a plain value"),
                                                        key_node.start_mark)
            if key in keys:
                raise yaml.constructor.ConstructorError(
                    None, None, _("the key “%(key)s” appears twice in one entry", key=key), key_node.start_mark)
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_bytes(raw: bytes) -> ProgrammeFile:
    """Parse a file's bytes, which must be UTF-8 text."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProgrammeFileError([_("the file is not UTF-8 text (byte %(byte)s)", byte=error.start)]) from None
    return parse(text)


def parse(text: str) -> ProgrammeFile:
    """Parse and validate YAML (or JSON) text; raises ProgrammeFileError listing every problem."""
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except (yaml.YAMLError, ValueError) as error:
        raise ProgrammeFileError([_("not valid YAML: %(reason)s", reason=error)]) from None
    except RecursionError:
        raise ProgrammeFileError([_("not valid YAML: it is nested too deeply")]) from None
    if not isinstance(raw, dict):
        raise ProgrammeFileError([_("the file must be a mapping with format, programme, cities and events")])
    try:
        data = ProgrammeFile.model_validate(raw, context={LANGUAGE: file_language(raw)})
    except ValidationError as error:
        raise ProgrammeFileError([_describe(raw, e) for e in error.errors()[:MAX_PROBLEMS]]) from None
    problems = cross_check(data)
    if problems:
        raise ProgrammeFileError(problems[:MAX_PROBLEMS])
    return data


def _describe(raw: Any, error: dict) -> str:
    """``events[0] (international-seminar-2023) › seminars[1] (seminar-2) › timezone: …``."""
    parts, node = [], raw
    for step in error["loc"]:
        if isinstance(step, int) and isinstance(node, list) and parts:
            node = node[step] if step < len(node) else None
            parts[-1] += f"[{step}]" + _entry_name(node)
        elif isinstance(node, dict) and step in node:
            parts.append(str(step))
            node = node[step]
        elif isinstance(step, str) and step[:1].isalpha() and not step.startswith(("function-", "literal")):
            parts.append(str(step))
            node = None
    message = pydantic_message(error) or error["msg"].removeprefix("Value error, ")
    # Checks across fields of one entry name their field first: "end: must be after start".
    field = re.match(r"^([a-z_]+(?: › [A-Za-z_-]+)?): ", message)
    if error["type"] == "value_error" and field:
        parts.append(field.group(1))
        message = message[field.end():]
    return (" › ".join(parts) + (": " if parts else "")) + message


def _entry_name(node: Any) -> str:
    if isinstance(node, dict):
        for key in ("slug", "name", "number", "city"):
            if key in node and isinstance(node[key], (str, int)):
                return f" ({str(node[key])[:80]})"
    return ""
