"""The one rule for text at the edge: which characters no form, address or programme file may carry.

PostgreSQL refuses a NUL in any text; control characters forge email headers and break CSV and
iCalendar lines; zero-width and direction characters make two names look alike or one read
backwards; surrogates cannot be stored as UTF-8; non-characters are never meant for interchange.
Forms (app/forms.py), query strings (app/errors.py) and programme files (app/programme_file/fields.py)
all ask ``refused`` and word the answer for their reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

#: Refused everywhere: C0 controls but tab, LF and CR; DEL and the C1 controls; the zero-width space and
#: direction marks (U+200B, U+200E, U+200F), embeddings and overrides (U+202A-U+202E), invisible operators
#: (U+2060-U+2064), isolates (U+2066-U+2069), the byte order mark / zero-width no-break space
#: (U+FEFF); surrogates; non-characters (U+FDD0-U+FDEF and the last two code points of every plane).
#: The zero-width non-joiner and joiner (U+200C, U+200D) are letters' business, not tricks: Persian
#: and Indic names are spelt with them, and so are emoji sequences.
_ALWAYS = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
           "\ud800-\udfff\ufdd0-\ufdef" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF)
                                                 for plane in range(17)))
#: Line breaks: refused in a single-line value (a name can reach an email header).
LINE_BREAKS = "\n\r\u2028\u2029"
_SINGLE_LINE = re.compile(f"[{_ALWAYS}\t{LINE_BREAKS}]")
#: A multi-line text (a text area) may hold tabs and line breaks written LF or CR LF; a lone CR is refused.
_MULTI_LINE = re.compile(f"[{_ALWAYS}\u2028\u2029]|\r(?!\n)")


@dataclass(frozen=True)
class Refused:
    """The first refused character of a value: ``position`` counts characters from 1."""

    position: int
    character: str
    #: Whether the value was read as multi-line text, where a line break is no reason to refuse it.
    multiline: bool = False

    @property
    def code(self) -> str:
        return f"U+{ord(self.character):04X}"

    @property
    def line_break(self) -> bool:
        """A line break in a single-line value (in multi-line text only a lone CR or U+2028/2029 is refused)."""
        return not self.multiline and self.character in LINE_BREAKS

    def form_message(self) -> str:
        """The message beside a form field."""
        if self.line_break:
            return _("Remove the line break at position %(position)s: this field takes a single line.",
                     position=self.position)
        return _("Remove the invisible or control character at position %(position)s (%(code)s).",
                 position=self.position, code=self.code)

    def file_message(self) -> str:
        """The end of a programme file problem (``… › title: <this>``)."""
        if self.line_break:
            return f"must be a single line (line break at position {self.position})"
        return f"has an invisible or control character at position {self.position} ({self.code})"


def refused(value: str, multiline: bool = False) -> Refused | None:
    """The first character of ``value`` the rule refuses, or None. ``multiline`` allows tabs and
    line breaks (LF or CR LF), as a text area sends them."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(value)
    return Refused(found.start() + 1, found.group()[0], multiline) if found else None


def is_clean(value: str, multiline: bool = False) -> bool:
    return refused(value, multiline) is None


def shown(value: str, multiline: bool = False) -> str:
    """``value`` safe to echo in a message: each refused character written as its code point
    (``x<U+0000>y``); a lone surrogate could not even be encoded into the page."""
    return (_MULTI_LINE if multiline else _SINGLE_LINE).sub(lambda found: f"<U+{ord(found.group()):04X}>", value)
