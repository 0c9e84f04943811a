"""The single-programme service's pages redirect permanently into the programme that holds them,
with the query string kept; a seminar or city goes to its own programme."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.programme_file.apply import apply_programme
from app.programme_file.parsing import parse
from tests.app.helpers.pages import error_page
from tests.conftest import FILES


@pytest.fixture()
def two_programmes(demo, clock):
    apply_programme(parse((FILES / "board-meeting-2012.yaml").read_text(encoding="utf-8")), now=clock())
    db.session.commit()


@pytest.mark.parametrize(("old", "new"), [
    ("/programme", "/p/award-2023/"),
    ("/programme?tz=Asia/Tokyo", "/p/award-2023/?tz=Asia/Tokyo"),
    ("/seminars/seminar-2", "/p/award-2023/seminars/seminar-2"),
    ("/seminars/seminar-2?tz=America%2FBogota&x=1", "/p/award-2023/seminars/seminar-2?tz=America%2FBogota&x=1"),
    ("/cities", "/p/award-2023/cities"),
    ("/cities/kazan", "/p/award-2023/cities/kazan"),
    ("/cities/sao-paulo?tz=UTC", "/p/award-2023/cities/sao-paulo?tz=UTC"),
    ("/cities/guangzhou", "/p/board-meeting-2012/cities/guangzhou"),  # not in 2023: its own programme
    ("/seminars/seminar-1?slug=x&programme=y&_external=1",
     "/p/award-2023/seminars/seminar-1?slug=x&programme=y&_external=1"),
])
def test_old_page_redirects_permanently_into_its_programme(client, two_programmes, old, new):
    response = client.get(old)
    assert (response.status_code, response.headers["Location"]) == (301, new)
    assert client.get(new).status_code == 200


@pytest.mark.parametrize(("url", "message"), [
    ("/seminars/seminar-9", "There is no seminar “seminar-9”."),
    ("/cities/atlantis", "There is no city “atlantis”."),
])
def test_an_old_url_for_nothing_is_a_404(client, two_programmes, url, message):
    assert error_page(client.get(url))[:2] == (404, "Page not found")
    assert message in error_page(client.get(url))[2]


def test_old_urls_before_any_programme_are_404s(client):
    for url in ("/programme", "/cities"):
        assert error_page(client.get(url)) == (404, "Page not found", "There is no programme yet.")
