from __future__ import annotations

from flask import Response, abort, current_app, render_template, request

from flask_babel import gettext as _

from app.devmail import bp, parts, store


def _found(name: str):
    return store.read(current_app.config["DEV_MAIL_DIR"], name) or abort(404, description=_("No such message."))


@bp.get("/")
def inbox():
    return render_template("devmail/inbox.html", messages=store.caught(current_app.config["DEV_MAIL_DIR"]))


@bp.get("/<name>")
def message(name: str):
    found = _found(name)
    html = parts.html_body(found) is not None
    view = "text" if request.args.get("view") == "text" or not html else "html"
    return render_template("devmail/message.html", message=found, name=name, view=view, has_html=html,
                           text=parts.linked(parts.text_body(found)), parts=parts.listed(found))


@bp.get("/<name>/html")
def html_part(name: str):
    """The HTML part alone, for the sandboxed frame of the message page (app/security_headers.py)."""
    html = parts.html_body(_found(name))
    if html is None:
        abort(404, description=_("This message has no HTML part."))
    return Response(html, mimetype="text/html")


@bp.get("/<name>/parts/<int:index>")
def part(name: str, index: int):
    leaves = parts.leaves(_found(name))
    if index >= len(leaves):
        abort(404, description=_("This message has no such part."))
    response = Response(parts.payload(leaves[index]), content_type=parts.content_type(leaves[index]))
    response.headers.set("Content-Disposition", "attachment", filename=parts.download_name(leaves[index], index))
    return response
