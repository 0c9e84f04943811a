"""Feed benchmark: a programme of 2,000 seminars and 200 cities.

Prints: the cold build time of the programme feed, the rebuild time after one seminar's edit, and
requests per second through gunicorn (2 workers, 127.0.0.1) for (a) the programme feed, (b) a city
feed, (c) a conditional GET answered 304, (d) the same bytes as a static file and (e) the same
bytes from memory through a bare route of the same app, with (a)/(e); then (f) the programme feed
gzipped (Accept-Encoding: gzip) against (g) the same gzip bytes from memory through the bare
route, with (f)/(g). bench/feed_memory.py measures a worker's memory over 150 ``?tz`` zones.
Targets (issue #17): (a)/(e) >= 0.8; (f)/(g) >= 0.8; cold build < 350 ms; rebuild after an
edit < 20 ms.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UTC = dt.timezone.utc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def empty_schema(url: str) -> None:
    """The benchmark owns a PostgreSQL database given to it: create it or drop everything in it
    (SQLite files are new)."""
    import sqlalchemy as sa

    if url.startswith("postgresql"):
        target = sa.engine.make_url(url)
        server = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as conn:  # a new machine has no bench database yet
            if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}):
                conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
        server.dispose()
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()


def make_programme(url: str, seminars: int, cities: int) -> None:
    """Migrate an empty database and fill it through the ORM (as the loader would)."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import City, Event, Initiative, Programme, Seminar
    from config import TestConfig

    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url))
    empty_schema(url)
    with app.app_context():
        upgrade()
        zones = ["Asia/Shanghai", "Europe/Berlin", "America/Bogota", "Asia/Kolkata", "Africa/Kampala",
                 "America/Mexico_City", "Asia/Tehran", "Europe/Moscow", "Pacific/Auckland", "America/Sao_Paulo"]
        city_rows = [City(slug=f"city-{i}", name=f"City {i}", country=f"Country {i % 50}",
                          timezone=zones[i % len(zones)]) for i in range(cities)]
        db.session.add_all(city_rows)
        programme = Programme(slug="bench", title="Benchmark programme", timezone="Asia/Shanghai",
                              first_day=dt.date(2027, 1, 1), last_day=dt.date(2028, 12, 31), serves_old_urls=True,
                              cities=city_rows)
        series = Event(programme=programme, slug="series", kind="seminar-series",
                       title="International Seminar on Urban Innovation",
                       timezone="Asia/Shanghai", first_day=dt.date(2027, 1, 1), last_day=dt.date(2028, 12, 31))
        vote = Event(programme=programme, slug="vote", kind="vote", title="City of Your Choice vote",
                     timezone="Asia/Shanghai",
                     first_day=dt.date(2027, 11, 1), last_day=dt.date(2027, 11, 30))
        db.session.add_all([series, vote])
        start = dt.datetime(2027, 1, 4, 12, 30, tzinfo=UTC)
        for n in range(seminars):
            begins = start + dt.timedelta(hours=8 * n)
            seminar = Seminar(event=series, number=n + 1, slug=f"seminar-{n + 1}", title=f"Seminar {n + 1} on cities",
                              theme="Making our cities and regions safe and resilient for all — responding to "
                                    "emerging and new challenges",
                              starts_at=begins, ends_at=begins + dt.timedelta(minutes=90), timezone="Asia/Shanghai",
                              join_url=f"https://zoom.us/j/{n}", meeting_id=str(n), passcode="123456")
            for k in range(3):
                seminar.initiatives.append(Initiative(city=city_rows[(n * 3 + k) % cities], position=k,
                                                      title=f"Initiative {n}-{k}: reclaiming public space"))
            db.session.add(seminar)
        db.session.commit()


def time_builds(url: str) -> tuple[float, float, bytes]:
    """Cold build of the programme feed, then the rebuild after one seminar moves (median of 5)."""
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.feeds import cache, service
    from app.models import Programme, Seminar
    from config import TestConfig

    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url))
    colds, rebuilds = [], []
    with app.test_request_context():
        for _ in range(5):
            app.extensions["feed_cache"] = cache.FeedCache()  # version checked on every call
            programme = db.session.scalar(sa.select(Programme))
            began = time.perf_counter()
            body = service.programme_feed(programme, "Asia/Shanghai").body
            colds.append(time.perf_counter() - began)
        middle = db.session.scalar(sa.select(sa.func.count()).select_from(Seminar)) // 2
        for attempt in range(5):
            seminar = db.session.scalar(sa.select(Seminar).filter_by(number=middle + attempt))
            seminar.starts_at += dt.timedelta(hours=1)
            seminar.ends_at += dt.timedelta(hours=1)
            seminar.sequence += 1
            seminar.updated_at = dt.datetime.now(UTC)
            db.session.commit()
            began = time.perf_counter()
            body = service.programme_feed(programme, "Asia/Shanghai").body
            rebuilds.append(time.perf_counter() - began)
    return statistics.median(colds), statistics.median(rebuilds), body


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed for the request rates: apt-get install wrk")
    return found


def wrk_rate(wrk: str, url: str, seconds: int, headers: dict[str, str] | None = None) -> float:
    args = [wrk, "-t2", "-c16", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in out:
        sys.exit(f"errors while loading {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seminars", type=int, default=2000)
    parser.add_argument("--cities", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=8, help="load duration per measurement")
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder; "
                        "a PostgreSQL database given here is emptied first")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    url = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    print(f"database: {url.split('@')[-1]}  ({args.seminars} seminars, {args.cities} cities)")
    make_programme(url, args.seminars, args.cities)
    cold, rebuild, body = time_builds(url)
    print(f"cold build of the programme feed:     {cold * 1000:8.1f} ms   (target < 350 ms; "
          f"{len(body) / 1e6:.2f} MB)")
    print(f"rebuild after one seminar's edit:     {rebuild * 1000:8.1f} ms   (target < 20 ms)")

    static = work / "static"
    static.mkdir()
    (static / "programme.ics").write_bytes(body)
    from app.feeds.cache import GZIP_LEVEL

    packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    (static / "programme.ics.gz").write_bytes(packed)
    print(f"programme feed gzipped:               {len(packed) / 1e6:8.2f} MB   ({len(body) / 1e6:.2f} MB plain)")
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, BENCH_STATIC_DIR=str(static), SECRET_KEY="bench-only",
               PYTHONPATH=str(ROOT))
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--workers", "2",
                               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "bench.wsgi_bench:app"],
                              cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/calendars/programme.ics") as response:
                    etag = response.headers["ETag"]
                urllib.request.urlopen(base + "/calendars/cities/city-7.ics").read()
                break
            except OSError:
                time.sleep(0.1)
        wrk = ensure_wrk()
        rates = {
            "(a) programme feed": wrk_rate(wrk, base + "/calendars/programme.ics", args.seconds),
            "(b) city feed": wrk_rate(wrk, base + "/calendars/cities/city-7.ics", args.seconds),
            "(c) conditional GET, 304": wrk_rate(wrk, base + "/calendars/programme.ics", args.seconds,
                                                 {"If-None-Match": etag}),
            "(d) same bytes, static file": wrk_rate(wrk, base + "/bench-static/programme.ics", args.seconds),
            "(e) same bytes, memory, bare route": wrk_rate(wrk, base + "/bench-memory/programme.ics", args.seconds),
            "(f) programme feed, gzip": wrk_rate(wrk, base + "/calendars/programme.ics", args.seconds,
                                                 {"Accept-Encoding": "gzip"}),
            "(g) same gzip bytes, memory, bare": wrk_rate(wrk, base + "/bench-memory/programme.ics.gz",
                                                          args.seconds),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    for name, rate in rates.items():
        print(f"{name + ':':38s}{rate:8.0f} requests/s")
    ratio = rates["(a) programme feed"] / rates["(e) same bytes, memory, bare route"]
    print(f"(a)/(e):                              {ratio:8.2f}      (target >= 0.8)")
    ratio = rates["(f) programme feed, gzip"] / rates["(g) same gzip bytes, memory, bare"]
    print(f"(f)/(g):                              {ratio:8.2f}      (target >= 0.8)")


def workers_rss(parent: int) -> list[float]:
    """Resident memory (MB) of each gunicorn worker of ``parent`` (Linux /proc)."""
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                status = (stat.parent / "status").read_text()
                sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        except (OSError, IndexError, AttributeError):
            continue
    return sorted(sizes)


if __name__ == "__main__":
    main()
