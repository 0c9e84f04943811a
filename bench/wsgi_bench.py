"""The service plus two bare routes for the benchmarks' baselines: a file served as static bytes,
and the same bytes served from memory (read once per worker), with none of the feed's work."""
import os
from pathlib import Path

from flask import Response, send_from_directory

from app import create_app

app = create_app()
STATIC_DIR = os.environ["BENCH_STATIC_DIR"]
_IN_MEMORY: dict[str, bytes] = {}


@app.get("/bench-static/<path:name>")
def bench_static(name):
    return send_from_directory(STATIC_DIR, name)


@app.get("/bench-memory/<name>")
def bench_memory(name):
    """The bytes of ``BENCH_STATIC_DIR/<name>`` from memory; ``…gz`` ones sent as gzip."""
    if name not in _IN_MEMORY:
        _IN_MEMORY[name] = (Path(STATIC_DIR) / Path(name).name).read_bytes()
    response = Response(_IN_MEMORY[name], content_type="text/calendar; charset=utf-8")
    if name.endswith(".gz"):
        response.headers["Content-Encoding"] = "gzip"
    return response
