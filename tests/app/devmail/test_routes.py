"""/dev/mail/<name>: text with links, the HTML part in a sandboxed frame, every part downloadable."""
from __future__ import annotations

from email.message import EmailMessage

import pytest

from app.devmail.parts import linked
from app.security_headers import FRAMED_MAIL_POLICY

NAME = "00000001701000000000-42.eml"
TEXT = ("Confirm: https://seminars.example.org/confirm/abc?x=1&y=2.\n"
        "<script>alert(1)</script> javascript:alert(2) (see http://example.org/a)\n")
HTML = '<p>Hello <a href="https://seminars.example.org/confirm/abc">confirm</a></p><script>alert(3)</script>\n'
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
FRAMED_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
              "base-uri 'none'; form-action 'none'; sandbox")


@pytest.fixture()
def mail_dir(app, tmp_path):
    app.config["DEV_MAIL_DIR"] = str(tmp_path)
    message = EmailMessage()
    message["Subject"] = "Séminaire 2 : inscription confirmée"
    message["From"] = "seminars@example.org"
    message["To"] = "ana@example.org"
    message.set_content(TEXT)
    message.add_alternative(HTML, subtype="html")
    message.add_attachment(ICS, subtype="calendar", filename="séminaire-2.ics")
    (tmp_path / NAME).write_bytes(bytes(message))
    return tmp_path


def test_linked_makes_http_links_and_leaves_everything_else_inert():
    assert linked(TEXT) == (
        'Confirm: <a href="https://seminars.example.org/confirm/abc?x=1&amp;y=2" rel="noopener noreferrer" '
        'target="_blank">https://seminars.example.org/confirm/abc?x=1&amp;y=2</a>.\n'
        "&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(2) (see "
        '<a href="http://example.org/a" rel="noopener noreferrer" target="_blank">http://example.org/a</a>)\n')


def test_linked_keeps_a_bracket_the_address_opened_and_drops_the_sentence_s():
    assert linked("(https://en.wikipedia.org/wiki/Canton_(city)), then https://example.org/b].") == (
        '(<a href="https://en.wikipedia.org/wiki/Canton_(city)" rel="noopener noreferrer" target="_blank">'
        "https://en.wikipedia.org/wiki/Canton_(city)</a>), then "
        '<a href="https://example.org/b" rel="noopener noreferrer" target="_blank">https://example.org/b</a>].')


def test_linked_escapes_a_quote_inside_an_address():
    assert linked('https://x.example/"onmouseover="alert(1)') == (
        '<a href="https://x.example/" rel="noopener noreferrer" target="_blank">https://x.example/</a>'
        "&#34;onmouseover=&#34;alert(1)")


def test_message_page_shows_the_html_part_in_a_sandboxed_frame_by_default(client, mail_dir):
    page = client.get(f"/dev/mail/{NAME}").get_data(as_text=True)
    assert "<h1>Séminaire 2 : inscription confirmée</h1>" in page
    assert (f'<li><a href="/dev/mail/{NAME}" aria-current="true">HTML</a></li>' in page)
    assert f'<li><a href="/dev/mail/{NAME}?view=text">Text</a></li>' in page
    assert (f'<iframe class="mail-html" sandbox src="/dev/mail/{NAME}/html" title="HTML part"></iframe>'
            in page)
    assert '<pre class="mail-text">' not in page
    assert "alert(3)" not in page


def test_message_page_text_view_links_addresses_and_escapes_the_rest(client, mail_dir):
    page = client.get(f"/dev/mail/{NAME}?view=text").get_data(as_text=True)
    assert f'<li><a href="/dev/mail/{NAME}?view=text" aria-current="true">Text</a></li>' in page
    assert "<iframe" not in page
    assert (f'<pre class="mail-text">{linked(TEXT)}</pre>') in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page


def test_message_page_lists_every_part_with_a_download_link(client, mail_dir):
    page = client.get(f"/dev/mail/{NAME}").get_data(as_text=True)
    rows = [(0, "text/plain", "", 132), (1, "text/html", "", 101), (2, "text/calendar", "séminaire-2.ics", 42)]
    for index, kind, filename, size in rows:
        assert (f"<tr><td>{index}</td><td>{kind}</td><td>{filename}</td><td>{size}</td>\n"
                f'      <td><a href="/dev/mail/{NAME}/parts/{index}" download>Download</a></td></tr>') in page


def test_html_part_route_sends_the_part_under_a_strict_policy(client, mail_dir):
    response = client.get(f"/dev/mail/{NAME}/html")
    assert (response.status_code, response.content_type) == (200, "text/html; charset=utf-8")
    assert response.get_data(as_text=True) == HTML
    assert FRAMED_MAIL_POLICY == FRAMED_CSP
    assert (response.headers["Content-Security-Policy"], response.headers["X-Frame-Options"],
            response.headers["X-Content-Type-Options"]) == (FRAMED_CSP, "SAMEORIGIN", "nosniff")


def test_the_message_page_itself_keeps_the_site_policy(client, mail_dir):
    response = client.get(f"/dev/mail/{NAME}")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(("index", "content_type", "filename", "body"), [
    (0, "text/plain; charset=utf-8", "part-0.txt", TEXT.encode()),
    (1, "text/html; charset=utf-8", "part-1.html", HTML.encode()),
    (2, "text/calendar; charset=utf-8", "seminaire-2.ics", ICS.replace("\r\n", "\n").encode()),
])
def test_a_part_downloads_as_an_attachment(client, mail_dir, index, content_type, filename, body):
    response = client.get(f"/dev/mail/{NAME}/parts/{index}")
    assert (response.status_code, response.headers["Content-Type"], response.headers["Content-Disposition"],
            response.headers["X-Content-Type-Options"], response.get_data()) == (
        200, content_type, f"attachment; filename={filename}", "nosniff", body)


@pytest.mark.parametrize(("path", "description"), [
    (f"/dev/mail/{NAME}/parts/3", "This message has no such part."),
    (f"/dev/mail/{NAME}/parts/-1", "The requested URL was not found on the server."),
    ("/dev/mail/00000001701000000000-43.eml/parts/0", "No such message."),
    ("/dev/mail/00000001701000000000-43.eml/html", "No such message."),
    ("/dev/mail/x.eml/parts/0", "No such message."),
    ("/dev/mail/..%2F..%2Fsecret/parts/0", "The requested URL was not found on the server."),
])
def test_a_bad_part_or_name_is_a_404(client, mail_dir, path, description):
    response = client.get(path)
    assert (response.status_code, f'<p class="lead">{description}' in response.get_data(as_text=True)) == (
        404, True)


def test_a_text_only_message_has_no_html_tab_and_no_html_part(client, app, tmp_path):
    app.config["DEV_MAIL_DIR"] = str(tmp_path)
    (tmp_path / NAME).write_bytes(b"Subject: Plain\r\nTo: ana@example.org\r\n\r\nSee https://example.org/x\r\n")
    page = client.get(f"/dev/mail/{NAME}").get_data(as_text=True)
    assert f'<li><a href="/dev/mail/{NAME}?view=text" aria-current="true">Text</a></li>' in page
    assert ">HTML</a>" not in page
    response = client.get(f"/dev/mail/{NAME}/html")
    assert (response.status_code, '<p class="lead">This message has no HTML part.</p>' in response.get_data(
        as_text=True)) == (404, True)
