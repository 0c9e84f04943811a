from __future__ import annotations

from flask import abort, current_app, render_template

from flask_babel import gettext as _

from app.devmail import bp, store


@bp.get("/")
def inbox():
    return render_template("devmail/inbox.html", messages=store.caught(current_app.config["DEV_MAIL_DIR"]))


@bp.get("/<name>")
def message(name: str):
    found = store.read(current_app.config["DEV_MAIL_DIR"], name) or abort(404, description=_("No such message."))
    text = found.get_body(preferencelist=("plain",))
    parts = [(part.get_content_type(), part.get_filename()) for part in found.walk() if not part.is_multipart()]
    return render_template("devmail/message.html", message=found, name=name,
                           text=text.get_content() if text else "", parts=parts)
