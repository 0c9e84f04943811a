"""Read a feed as two real clients do: the icalendar package and Mozilla's ical.js (Thunderbird's)."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

JS_DIR = Path(__file__).resolve().parent / "js"
UTC = dt.timezone.utc


def require_icaljs() -> str:
    node = shutil.which("node")
    problem = None
    if node is None:
        problem = "node is not installed (make test installs it)"
    elif not (JS_DIR / "node_modules" / "ical.js").exists():
        problem = "tests/js/node_modules is missing (make test runs npm ci there)"
    if problem:
        if os.environ.get("REQUIRE_ICALJS") == "1":
            pytest.fail(f"ical.js required (REQUIRE_ICALJS=1) but {problem}")
        pytest.skip(f"ical.js checks skipped: {problem}")
    return node


def read_with_icaljs(body: bytes) -> dict:
    """ical.js's reading, run under a zone far from every feed so a missing VTIMEZONE shows."""
    node = require_icaljs()
    out = subprocess.run([node, str(JS_DIR / "parse.mjs")], input=body, capture_output=True, check=True,
                         env={"TZ": "Pacific/Chatham", "PATH": os.environ.get("PATH", "")})
    return json.loads(out.stdout)


def _utc(value) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return value.isoformat()


def read_with_icalendar(body: bytes) -> dict:
    calendar = Calendar.from_ical(body)
    events = [{"uid": str(e["UID"]), "summary": str(e["SUMMARY"]), "start": _utc(e.decoded("DTSTART")),
               "end": _utc(e.decoded("DTEND")), "sequence": int(e["SEQUENCE"]), "status": str(e["STATUS"]),
               "tzid": e["DTSTART"].params.get("TZID")} for e in calendar.walk("VEVENT")]
    return {"prodid": str(calendar["PRODID"]), "timezones": [str(t["TZID"]) for t in calendar.walk("VTIMEZONE")],
            "events": events}


def instants(reading: dict) -> dict[str, tuple[str, str]]:
    return {e["uid"]: (e["start"], e["end"]) for e in reading["events"]}
