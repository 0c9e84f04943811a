import io, re, html as H
import datetime as dt
import yaml
import sqlalchemy as sa
from app.extensions import db
from app.models import City, AuditEntry
from tests.app.organise_helpers import signed_in, form_token
from tests.app.reminder_helpers import seat, seminar, outbox

def test_explore(app, client, demo, clock):
    signed_in(client)
    db.session.add(City(slug="rosario", name="Rosario", country="Argentina", timezone="America/Argentina/Cordoba"))
    db.session.commit()
    seat(seminar("seminar-2"), "ana@example.org", confirmed_at=clock())
    text = client.get("/organise/programme.yaml").get_data(as_text=True)
    text = text.replace("  start: '19:30'\n    end: '21:00'", "  start: '20:30'\n    end: '22:00'")
    text = text.replace("country: Palestine", "country: State of Palestine")
    text = text.replace("- name: Rosario\n  slug: rosario\n  country: Argentina\n  timezone: America/Argentina/Cordoba\n",
                        "- name: Lisbon\n  country: Portugal\n  timezone: Europe/Lisbon\n")
    token = form_token(client, "/organise/import")
    r = client.post("/organise/import", data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "p.yaml")})
    html = r.get_data(as_text=True)
    i = html.index("<h1>Import")
    print(html[i:html.index('<form method="post" action="/organise/import/apply"')])
    fields = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', html))
    print(fields.keys())
    data = {k: H.unescape(v) for k, v in fields.items()}
    data["notify"] = "y"
    r = client.post("/organise/import/apply", data=data)
    print(r.status_code, r.headers.get("Location"))
    print(client.get("/organise/").get_data(as_text=True).count("Import applied"))
    print(outbox())
    for e in db.session.scalars(sa.select(AuditEntry)):
        print(e.action, e.kind, e.key, e.changes, e.summary)
    assert 0
