"""Console pages to export a programme's file and import one into it (a preview first, then all or
nothing). A file that names another programme is refused by the import, with its message."""
from __future__ import annotations

from flask_login import current_user
from flask import Response, current_app, flash, redirect, render_template, request, url_for

from flask_babel import gettext as _

from app import clock
from app.extensions import csrf, db
from app.models.versioning import current_version
from app.organise import scope
from app.organise.forms import ApplyImportForm, ImportForm
from app.programme_file.export import export_text
from app.programme_file.importer import run_import


def export():
    programme = scope.current()
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    return Response(export_text(programme).encode("utf-8"), mimetype="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="{programme.slug}-{stamp}.yaml"', "Cache-Control": "no-store"})


def _allow_programme_size() -> None:
    """A programme file is larger than any other form (MAX_CONTENT_LENGTH); only these two views
    accept one, and only from a signed-in organiser."""
    request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
    request.max_form_memory_size = current_app.config["IMPORT_MAX_BYTES"]


def _into_this_programme() -> dict:
    """The programme of the page; only an admin's file may change its settings (title, dates, status)."""
    return {"programme": scope.current().slug, "may_change_settings": current_user.is_admin}


@csrf.exempt  # CSRFProtect would read the body under MAX_CONTENT_LENGTH first; ImportForm checks the token
def import_file():
    _allow_programme_size()
    form = ImportForm()
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            form.file.errors.append(_("The file is not UTF-8 text (byte %(byte)s).", byte=error.start))
        else:
            version = current_version(db.session).token  # read first: a change during the preview makes it stale
            result = run_import(text, now=clock.now(), notify=True, apply=False, **_into_this_programme())
            apply = ApplyImportForm(data={"text": text, "version": version, "notify": True})
            return render_template("organise/import_preview.html", result=result, apply=apply,
                                   filename=form.file.data.filename), 400 if result.problems else 200
    return render_template("organise/import.html", form=form), 400 if form.errors else 200


@csrf.exempt  # as above: ApplyImportForm checks the token
def apply_import():
    _allow_programme_size()
    form = ApplyImportForm()
    if not form.validate_on_submit():
        flash(_("The import form expired. Choose the file again."), "error")
        return redirect(url_for("organise.import_file"), code=303)
    if form.version.data != current_version(db.session).token:
        form.version.data = current_version(db.session).token
        result = run_import(form.text.data, now=clock.now(), notify=form.notify.data, apply=False,
                            **_into_this_programme())
        return render_template("organise/import_preview.html", result=result, apply=form, filename="",
                               stale=True), 409
    result = run_import(form.text.data, now=clock.now(), notify=form.notify.data, apply=True,
                        **_into_this_programme())
    if not result.applied:
        return render_template("organise/import_preview.html", result=result, apply=form, filename=""), 400
    flash(_("Import applied: %(summary)s.", summary=result.shown_summary), "success")
    return redirect(url_for("organise.programme"), code=303)
