"""Refusals from calendars/ worded in the reader's language: English as the library words them,
other languages with their CLDR dates and zone names (the sentences await the catalogs)."""
from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale

import config
from app import create_app, time_problems
from calendars import itinerary, walltimes

UTC = dt.timezone.utc
GUANGZHOU = itinerary.Leg(dt.datetime(2024, 4, 26, 9, tzinfo=UTC), dt.datetime(2024, 4, 29, 10, tzinfo=UTC),
                          "Asia/Shanghai")
PARIS_EARLY = itinerary.Leg(dt.datetime(2024, 4, 29, 9, tzinfo=UTC), dt.datetime(2024, 4, 30, 9, tzinfo=UTC),
                            "Europe/Paris")
KAZAN_DAYS = itinerary.Leg(dt.date(2024, 4, 20), dt.date(2024, 4, 22), "Europe/Moscow")
BOGOTA_DAYS = itinerary.Leg(dt.date(2024, 4, 22), dt.date(2024, 4, 25), "America/Bogota")


@pytest.fixture()
def request_in():
    """Run the body inside a request whose language is ``locale`` (a CLDR locale)."""
    app = create_app(config.TestConfig(SQLALCHEMY_DATABASE_URI="sqlite://"))

    def run(locale: str, body):
        with app.test_request_context("/"), force_locale(locale):
            return body()
    return run


def _problem(day, start, end, zone) -> walltimes.TimeProblem:
    with pytest.raises(walltimes.TimeProblem) as caught:
        walltimes.resolve(day, start, end, None, zone)
    return caught.value


def _refusal(day, wall, zone, offset) -> ValueError:
    with pytest.raises(ValueError) as caught:
        walltimes.wall_instant(day, wall, zone, offset)
    return caught.value


GAP = (dt.date(2028, 3, 26), dt.time(2, 30), dt.time(4), "Europe/Berlin")
TWICE = (dt.date(2028, 10, 29), dt.time(2, 30), dt.time(4), "Europe/Berlin")


def test_form_problem_in_english_is_the_librarys_message(request_in):
    for args in (GAP, TWICE, (GAP[0], GAP[1], GAP[2], "Mars/Base"), (GAP[0], dt.time(5), dt.time(4), "Europe/Berlin")):
        problem = _problem(*args)
        assert request_in("en_001", lambda p=problem: time_problems.form_problem(p)) == problem.message


def test_form_problem_of_a_skipped_time_in_english(request_in):
    assert request_in("en_001", lambda: time_problems.form_problem(_problem(*GAP))) == (
        "Sun, 26 Mar 2028 02:30 in Europe/Berlin does not exist: the clocks skip that hour for a daylight-saving "
        "change. Choose another time.")


def test_form_problem_of_a_skipped_time_writes_the_day_in_spanish(request_in):
    assert request_in("es", lambda: time_problems.form_problem(_problem(*GAP))) == (
        "dom, 26 mar 2028 2:30 en Europe/Berlin no existe: los relojes se saltan esa hora por el cambio al "
        "horario de verano. Elija otra hora.")


def test_fold_choices_in_english_are_the_librarys_labels(request_in):
    problem = _problem(*TWICE)
    assert request_in("en_001", lambda: time_problems.fold_choices(problem)) == [
        ("0", "The first 02:30, at UTC+2 (before the clocks go back)"),
        ("1", "The second 02:30, at UTC+1 (after the clocks go back)")]
    assert problem.choices == request_in("en_001", lambda: time_problems.fold_choices(problem))


def test_time_refusal_of_an_offset_that_is_neither_reading(request_in):
    both = _refusal(dt.date(2028, 10, 29), dt.time(2, 30), "Europe/Berlin", "+05:00")
    one = _refusal(dt.date(2028, 10, 28), dt.time(2, 30), "Europe/Berlin", "+05:00")
    assert request_in("en_001", lambda: time_problems.time_refusal(both)) == (
        "Sun, 29 Oct 2028 02:30 in Europe/Berlin is at +01:00 or +02:00, not +05:00")
    assert request_in("zh_Hans", lambda: time_problems.time_refusal(one)) == (
        "Europe/Berlin的2028年10月28日周六 02:30对应的偏移量为+02:00，而非+05:00")


def test_time_refusal_of_a_time_that_happens_twice_in_a_programme_file(request_in):
    refusal = _refusal(dt.date(2028, 10, 29), dt.time(2, 30), "Europe/Berlin", None)
    assert request_in("en_001", lambda: time_problems.time_refusal(refusal)) == str(refusal) == (
        "Sun, 29 Oct 2028 02:30 in Europe/Berlin happens twice because the clocks go back: first at UTC+2, "
        "then at UTC+1. Choose one.")


def test_leg_problem_in_english_is_the_librarys_message(request_in):
    problems = itinerary.leg_problems([GUANGZHOU, PARIS_EARLY]) + itinerary.leg_problems([KAZAN_DAYS, BOGOTA_DAYS])
    assert [request_in("en_001", lambda p=p: time_problems.leg_problem(p)) for p in problems] == [
        "overlaps the previous leg, which ends Mon, 29 Apr 2024, 18:00 China Time",
        "overlaps the previous leg, which ends on Mon, 22 Apr 2024 (Moscow Time)"]
    assert [p.message for p in problems] == [request_in("en_001", lambda p=p: time_problems.leg_problem(p))
                                             for p in problems]


def test_leg_problem_names_the_end_in_spanish_dates_and_zone_names(request_in):
    problems = itinerary.leg_problems([GUANGZHOU, PARIS_EARLY]) + itinerary.leg_problems([KAZAN_DAYS, BOGOTA_DAYS])
    assert [request_in("es", lambda p=p: time_problems.leg_problem(p)) for p in problems] == [
        "se solapa con la etapa anterior, que termina el lun, 29 abr 2024, 18:00 hora de China",
        "se solapa con la etapa anterior, que termina el lun, 22 abr 2024 (hora de Moscú)"]


def test_next_leg_overlap_names_the_next_start(request_in):
    assert request_in("en_001", lambda: [time_problems.next_leg_overlap(PARIS_EARLY),
                                         time_problems.next_leg_overlap(BOGOTA_DAYS)]) == [
        "Overlaps the next leg, which starts Mon, 29 Apr 2024, 11:00 Central European Time",
        "Overlaps the next leg, which starts on Mon, 22 Apr 2024 (Colombia Time)"]
    assert request_in("zh_Hans", lambda: time_problems.next_leg_overlap(BOGOTA_DAYS)) == (
        "与下一行程段重叠，下一行程段于2024年4月22日周一（哥伦比亚时间）开始")
