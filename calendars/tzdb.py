"""The tz database the service uses: the pinned ``tzdata`` package, never the host's files.

Pinning matters because a host's /usr/share/zoneinfo can be older or newer than
the tests expect (Mexico dropped summer time in 2022; an old host still has it).
"""
from __future__ import annotations

import functools
import zoneinfo
from importlib import resources

# Look only in the tzdata package: with an empty TZPATH, zoneinfo falls back to it.
zoneinfo.reset_tzpath(to=())

UTC_NAME = "UTC"
#: Zones that are UTC under another name (GMT has never had summer time either).
_UTC_ALIASES = frozenset({"Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "Etc/GMT+0",
                          "Etc/GMT-0", "Etc/GMT0", "Etc/Greenwich"})
#: Names that exist in the database but are not places a person lives in.
_NOT_OFFERED = frozenset({"Factory", "localtime", "posixrules"})


def _data_file(name: str) -> str:
    return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


@functools.cache
def links() -> dict[str, str]:
    """Map every backward-compatible link name (``Singapore``, ``US/Eastern``) to its target."""
    table = {}
    for line in _data_file("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, name = line.split()
            table[name] = target
    return table


@functools.cache
def known_names() -> frozenset[str]:
    """Every zone name the database can load, links included."""
    return frozenset(zoneinfo.available_timezones() - _NOT_OFFERED)


#: Old POSIX-style names, which read as abbreviations ("CST6CDT time"): the zones tzdata itself
#: makes them links to since 2024b.
_POSIX_STYLE = {"CST6CDT": "America/Chicago", "EST5EDT": "America/New_York", "MST7MDT": "America/Denver",
                "PST8PDT": "America/Los_Angeles", "EST": "America/Panama", "MST": "America/Phoenix",
                "HST": "Pacific/Honolulu", "CET": "Europe/Brussels", "EET": "Europe/Athens",
                "MET": "Europe/Brussels", "WET": "Europe/Lisbon"}


def canonical_name(name: str) -> str:
    """The name to use for ``name``: UTC and its aliases become ``UTC``; a zone of zone.tab stays
    as it is (``Africa/Kampala``, as Ugandans know it); any other link resolves to its target
    (``Singapore`` -> ``Asia/Singapore``, ``Asia/Calcutta`` -> ``Asia/Kolkata``).
    """
    if name in offered_names() and name != UTC_NAME:
        return name
    target = _POSIX_STYLE.get(name) or links().get(name, name)
    if target in _UTC_ALIASES or name == UTC_NAME:
        return UTC_NAME
    return target


@functools.cache
def offered_names() -> frozenset[str]:
    return frozenset(name for name, _ in offered_zones())


@functools.cache
def offered_zones() -> tuple[tuple[str, str], ...]:
    """The zones a person picks from: ``(name, comment)`` for each line of zone.tab, plus UTC."""
    rows = [(UTC_NAME, "Coordinated Universal Time")]
    for line in _data_file("zone.tab").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            rows.append((fields[2], fields[3] if len(fields) > 3 else ""))
    return tuple(sorted(rows))
