import urllib.parse
from tests.app.organise_helpers import signed_in

def test_explore(app, client, demo, clock):
    r = client.get("/organise/programme.yaml")
    print(r.status_code, r.headers.get("Location"), len(r.data))
    signed_in(client)
    text = client.get("/organise/programme.yaml").get_data(as_text=True)
    print(len(text.encode()), len(urllib.parse.urlencode({"text": text})))
    assert 0
