"""The service plus one route that serves a file as static bytes, for the (a)/(d) comparison."""
import os

from flask import send_from_directory

from app import create_app

app = create_app()
STATIC_DIR = os.environ["BENCH_STATIC_DIR"]


@app.get("/bench-static/<path:name>")
def bench_static(name):
    return send_from_directory(STATIC_DIR, name)
