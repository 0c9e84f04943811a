"""Registration benchmark: registrations per second through the real HTTP stack.

gunicorn (2 workers) serves the app on 127.0.0.1 over PostgreSQL (or SQLite); client threads
each open the form (GET, for the CSRF token and session cookie) and submit it (POST) for a new
address, for a bounded number of registrations. Prints registrations per second and the p50 and
p99 latency of the POST, the request that writes the registration and its email to the outbox.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.feeds import empty_schema, free_port  # noqa: E402  (after the path is set)

#: The registration form of the demo's 2023 programme.
PAGE = "/p/award-2023/register"


def prepare(url: str) -> None:
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.programme_file.apply import apply_programme, weeks_until_upcoming
    from app.programme_file.parsing import parse
    from config import TestConfig

    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url))
    empty_schema(url)
    with app.app_context():
        upgrade()
        data = parse((ROOT / "data" / "guangzhou-2023.yaml").read_text(encoding="utf-8"))
        now = app.config["CLOCK"]()
        import datetime as dt
        apply_programme(data, now=now, shift_weeks=weeks_until_upcoming(data, now, dt.timedelta(days=1)))
        db.session.commit()


def register_once(base: str, n: int, latencies: list[float], failures: list[str]) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + PAGE).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({
        "csrf_token": token, "name": f"Bench {n}", "email": f"bench{n}@example.org", "timezone": "America/Bogota",
        "seminars": "seminar-1", "reminders": "60", "consent": "y"}).encode()
    began = time.perf_counter()
    try:
        response = opener.open(base + PAGE, data=body)
        ok = response.geturl().endswith("/register/sent")
    except urllib.error.HTTPError as error:
        ok, response = False, error
    latencies.append(time.perf_counter() - began)
    if not ok:
        failures.append(f"{n}: {getattr(response, 'status', '?')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registrations", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench",
                        help="emptied first; a sqlite:/// URL works too")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-registrations-"))
    prepare(args.database_url)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=args.database_url, SECRET_KEY="bench-only", PYTHONPATH=str(ROOT),
               REGISTRATION_RATE_LIMIT="1000000 per minute", REGISTRATION_ADDRESS_LIMIT="1000000 per hour")
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--bind",
                               f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    latencies: list[float] = []
    failures: list[str] = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + PAGE).read()
                break
            except OSError:
                time.sleep(0.1)
        numbers = iter(range(args.registrations))
        lock = threading.Lock()

        def client():
            while True:
                with lock:
                    n = next(numbers, None)
                if n is None:
                    return
                register_once(base, n, latencies, failures)

        began = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    done = len(latencies) - len(failures)
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"database: {args.database_url.split('@')[-1]}; {args.clients} clients; gunicorn 2 workers")
    print(f"registrations completed: {done} of {args.registrations} in {elapsed:.1f} s "
          f"({done / elapsed:.0f} registrations/s, each a GET of the form and a POST)")
    print(f"POST latency: p50 {quantiles[49] * 1000:.1f} ms, p99 {quantiles[98] * 1000:.1f} ms")
    if failures:
        print(f"failures: {len(failures)} (first: {failures[:3]})")
        sys.exit(1)


if __name__ == "__main__":
    main()
