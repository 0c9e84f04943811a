"""The shipped demo data (data/) speaks the readers' languages: the 2023 programme's seminars and
initiatives in all five, every city's name in all five, and the 2012 and 2015 programmes in
Chinese at least."""
from __future__ import annotations

import pytest

from app.programme_file.parsing import parse
from tests.conftest import ROOT

OTHERS = {"zh_Hans", "es", "fr", "ar"}


def _file(name: str):
    return parse((ROOT / "data" / name).read_text(encoding="utf-8"))


def _texts(data):
    """Every entry of the file with translatable texts, and each such text it gives."""
    entries = [data.programme, *data.cities, *data.venues, *data.tours]
    entries += [leg for tour in data.tours for leg in tour.legs]
    for event in data.events:
        entries += [event, *event.sessions, *event.seminars]
        entries += [i for s in event.seminars for i in s.initiatives]
    # "Online" is the service's own word, translated by the catalogs (app/content.py event_location).
    return [(entry, field) for entry in entries for field in entry.TRANSLATED
            if getattr(entry, field) and (field, getattr(entry, field)) != ("location", "Online")]


def test_the_2023_seminars_and_initiatives_are_in_all_five_languages(app):
    data = _file("guangzhou-2023.yaml")
    [series] = [e for e in data.events if e.slug == "international-seminar-2023"]
    assert len(series.seminars) == 4
    assert sum(len(s.initiatives) for s in series.seminars) == 15
    for seminar in series.seminars:
        assert {f: set(v) for f, v in seminar.translations().items()} == {"title": OTHERS, "theme": OTHERS}
        for initiative in seminar.initiatives:
            assert set(initiative.translations()["title"]) == OTHERS, initiative.city
    seminar_1 = series.seminars[0]
    assert seminar_1.translations()["title"]["zh_Hans"] == "让我们的城市和地区安全、有韧性、惠及所有人"


@pytest.mark.parametrize("name", ["guangzhou-2023.yaml", "board-meeting-2012.yaml", "study-tours-2015.yaml"])
def test_every_city_is_named_in_all_five_languages(app, name):
    for city in _file(name).cities:
        assert set(city.translations()["name"]) == OTHERS, city.slug


@pytest.mark.parametrize("name", ["guangzhou-2023.yaml", "board-meeting-2012.yaml", "study-tours-2015.yaml"])
def test_every_text_of_each_demo_programme_has_chinese(app, name):
    missing = [(type(entry).__name__, field) for entry, field in _texts(_file(name))
               if "zh_Hans" not in entry.translations().get(field, {})]
    assert missing == []
