"""Post a form as a browser would: with the CSRF token of the page it is on. The one place tests
read a token; every form of a page shares it."""
from __future__ import annotations

import re


def token_in(page: str, prefix: str = "") -> str:
    """The CSRF token in ``page`` (HTML); ``prefix`` names a prefixed form's field (``row-3-``)."""
    found = re.search(rf'name="{re.escape(prefix)}csrf_token"(?: type="hidden")? value="([^"]+)"', page)
    assert found, f"no {prefix}csrf_token in the page: {page[:500]}"
    return found.group(1)


def form_token(client, url: str) -> str:
    """The CSRF token of the form on ``url``."""
    return token_in(client.get(url).get_data(as_text=True))


def post_form(client, url: str, data: dict, **kwargs):
    """POST ``data`` to the form at ``url`` with the page's CSRF token."""
    return client.post(url, data={**data, "csrf_token": form_token(client, url)}, **kwargs)
