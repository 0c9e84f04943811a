"""The single-programme service's URLs (/vote/<slug>, /register ...) keep answering. Each is a
second rule of its page's endpoint, without the /p/<programme>/ part, and redirects to the page in
the programme it means; so url_for without a programme still builds a link that arrives."""
from __future__ import annotations

import functools
from collections.abc import Callable

from flask import redirect, request, url_for

from app.models import Programme


def requested() -> bool:
    """This request came by an old URL (its rule has no <programme>); also for ``exempt_when``."""
    return request.url_rule is not None and "programme" not in request.url_rule.arguments


def moved(target: str):
    """A permanent redirect to ``target`` with this request's query string as received (already
    percent-encoded): 301 for GET and HEAD, 308 otherwise, so a browser posts a form again there."""
    query = request.query_string.decode("latin-1")
    return redirect(f"{target}?{query}" if query else target,
                    code=301 if request.method in ("GET", "HEAD") else 308)


def redirects(owner: Callable[..., Programme]):
    """A view whose endpoint has an old rule: a request by it goes to the same page in
    ``owner(**view_args)`` (which may abort with a 404), query string kept. 301 for GET and HEAD;
    308 otherwise, so a browser posts the form again there instead of turning it into a GET."""

    def decorate(view):
        @functools.wraps(view)
        def answer(**values):
            if not requested():
                return view(**values)
            return moved(url_for(request.endpoint, **values, programme=owner(**values).slug))

        return answer

    return decorate
