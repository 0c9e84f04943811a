"""Error pages: the app's own titles, and Werkzeug's words when a view gave no description."""
from __future__ import annotations

import re


def lead(response) -> str:
    return re.search(r'<p class="lead">(.*?)</p>', response.get_data(as_text=True), re.S).group(1)


def test_error_page_of_an_unknown_address_keeps_werkzeugs_words(client):
    response = client.get("/no/such/page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page and '<p class="eyebrow">Error 404</p>' in page
    assert lead(response) == ("The requested URL was not found on the server. If you entered the URL manually "
                              "please check your spelling and try again.")


def test_error_page_of_a_wrong_method_keeps_werkzeugs_words(client):
    response = client.post("/timezone")
    assert response.status_code == 405
    assert "<h1>Method not allowed</h1>" in response.get_data(as_text=True)
    assert lead(response) == "The method is not allowed for the requested URL."


def test_error_page_of_a_404_with_a_description_shows_it(client):
    response = client.get("/p/nope/")
    assert response.status_code == 404
    assert lead(response) == "There is no programme “nope”."


def test_error_page_of_a_line_break_in_the_query_names_the_parameter(client):
    response = client.get("/timezone?next=%2F%0Ax")
    assert response.status_code == 400
    assert lead(response) == ("The parameter “next” in the address holds a line break at position 2. "
                              "Check the link, or type the address again.")


def test_error_page_of_a_control_character_in_the_query_names_it(client):
    response = client.get("/timezone?next=a%07b")
    assert response.status_code == 400
    assert lead(response) == ("The parameter “next” in the address holds an invisible or control character "
                              "(U+0007) at position 2. Check the link, or type the address again.")


def test_error_page_offers_the_list_of_programmes_and_the_zone_picker_on_a_400(client):
    response = client.get("/timezone?next=a%07b")
    assert ('<p>Try the <a href="/">list of programmes</a>, or <a href="/timezone">pick a time zone from the '
            'list</a>.</p>') in response.get_data(as_text=True)
