"""What strict parsers accept: the properties RFC 5545 3.6.5 allows in a VTIMEZONE, and libical's
reading (Evolution, Cyrus IMAP), which rejects a whole calendar for one property out of place.

libical is driven through ctypes from Debian's libical3 package, so no Python binding is needed;
where it is missing those checks are skipped with the reason, unless REQUIRE_LIBICAL=1 (CI).
"""
from __future__ import annotations

import ctypes
import functools
import os

import pytest
from icalendar import Calendar

LIBRARY = "libical.so.3"
#: RFC 5545 3.6.5: what a VTIMEZONE itself may hold (besides X- and IANA properties) ...
VTIMEZONE_PROPERTIES = frozenset({"TZID", "LAST-MODIFIED", "TZURL"})
#: ... and what its STANDARD and DAYLIGHT blocks may hold.
OBSERVANCE_PROPERTIES = frozenset({"DTSTART", "TZOFFSETTO", "TZOFFSETFROM", "RRULE", "RDATE", "COMMENT", "TZNAME"})


def timezone_properties(body: bytes) -> dict[str, tuple[frozenset[str], frozenset[frozenset[str]]]]:
    """For each VTIMEZONE of ``body``, by TZID: the names of its own properties, and the distinct
    sets of property names its STANDARD and DAYLIGHT blocks hold."""
    found = {}
    for timezone in Calendar.from_ical(body).walk("VTIMEZONE"):
        observances = frozenset(frozenset(block.keys()) for block in timezone.subcomponents)
        found[str(timezone["TZID"])] = (frozenset(timezone.keys()), observances)
    return found


@functools.cache
def _library() -> ctypes.CDLL | None:
    try:
        lib = ctypes.CDLL(LIBRARY)
    except OSError:
        return None
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalrestriction_check.restype = ctypes.c_int
    lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p  # libical's buffer: not ours to free
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


def require_libical() -> ctypes.CDLL:
    lib = _library()
    if lib is None:
        problem = f"{LIBRARY} is not installed (Debian package libical3)"
        if os.environ.get("REQUIRE_LIBICAL") == "1":
            pytest.fail(f"libical required (REQUIRE_LIBICAL=1) but {problem}")
        pytest.skip(f"libical checks skipped: {problem}")
    return lib


def libical_errors(body: bytes) -> list[str]:
    """What libical objects to in ``body`` after parsing it and checking RFC 5545's restrictions
    (which properties each component may hold, and how many): the text of each X-LIC-ERROR it adds,
    ``[]`` for a calendar it accepts."""
    lib = require_libical()
    component = lib.icalparser_parse_string(body)
    if not component:
        return ["libical could not parse the calendar"]
    try:
        lib.icalrestriction_check(component)
        text = lib.icalcomponent_as_ical_string(component).decode()
    finally:
        lib.icalcomponent_free(component)
    lines = text.replace("\r\n ", "").replace("\n ", "").splitlines()
    return [line.split(":", 1)[1] for line in lines if line.startswith("X-LIC-ERROR")]
