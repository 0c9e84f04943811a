"""Feed memory benchmark: one gunicorn worker, the programme feed of 2,000 seminars asked for in
150 zones (``?tz``), one after the other.

Prints: the worker's resident memory (RSS) at start, after the feed in its own zone, and after the
150 zones; the time of each new zone's request (median, 90th percentile, worst) against the cold
build of the feed in its own zone; and the bytes the feed cache holds.
Targets (issue #17): RSS after the 150 zones <= 150 MB; a new zone under 50 ms.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.feeds import free_port, make_programme, workers_rss  # noqa: E402


def timed_get(url: str) -> float:
    began = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        response.read()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seminars", type=int, default=2000)
    parser.add_argument("--cities", type=int, default=200)
    parser.add_argument("--zones", type=int, default=150)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder; "
                        "a PostgreSQL database given here is emptied first")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-feed-memory-"))
    url = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    print(f"database: {url.split('@')[-1]}  ({args.seminars} seminars, {args.cities} cities)")
    make_programme(url, args.seminars, args.cities)
    (work / "ping").write_text("pong")
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, BENCH_STATIC_DIR=str(work), SECRET_KEY="bench-only",
               PYTHONPATH=str(ROOT))
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--workers", "1",
                               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "bench.wsgi_bench:app"],
                              cwd=ROOT, env=env)
    feed = f"http://127.0.0.1:{port}/calendars/programme.ics"
    from calendars import tzdb

    zones = sorted(name for name, _comment in tzdb.offered_zones() if name != "Asia/Shanghai")
    step = max(len(zones) // args.zones, 1)
    zones = zones[::step][:args.zones]  # spread over the regions, not 150 African zones
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/bench-static/ping").read()
                break
            except OSError:
                time.sleep(0.1)
        start = workers_rss(server.pid)
        cold = timed_get(feed)
        warm = workers_rss(server.pid)
        times = [timed_get(f"{feed}?tz={zone}") for zone in zones]
        after = workers_rss(server.pid)
        again = [timed_get(f"{feed}?tz={zone}") for zone in zones[:20]]
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    times.sort()
    print(f"cold build and request, own zone:   {cold * 1000:8.1f} ms")
    print(f"a new zone (?tz), {len(times)} zones:       median {statistics.median(times) * 1000:6.1f} ms, "
          f"90th percentile {times[int(len(times) * 0.9)] * 1000:6.1f} ms, worst {times[-1] * 1000:6.1f} ms "
          f"(target < 50 ms; median / cold {statistics.median(times) / cold:.2f})")
    print(f"a zone asked for again:             median {statistics.median(again) * 1000:6.1f} ms")
    print(f"worker RSS: at start {start[0]:.0f} MB, after the feed in its own zone {warm[0]:.0f} MB, "
          f"after {len(times)} zones {after[0]:.0f} MB (target <= 150 MB)")


if __name__ == "__main__":
    main()
