"""Locust users for bench/load.py: each is a person who opens a page of search results (or
the ORUK API, by LOCUST_SCENARIO), reads it for LOCUST_THINK seconds (min,max), and opens the
next. Paths come from bench/search.py's typical queries."""

import os
import random
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import api_path, finder_path  # noqa: E402
from search import QUERIES  # noqa: E402

PATHS = [
    (api_path if os.environ.get("LOCUST_SCENARIO") == "api" else finder_path)(query)
    for query in QUERIES
]
THINK_MIN, THINK_MAX = (float(n) for n in os.environ.get("LOCUST_THINK", "10,30").split(","))


class Person(HttpUser):
    wait_time = between(THINK_MIN, THINK_MAX)

    @task
    def look(self):
        path = random.choice(PATHS)
        self.client.get(path, name=path.split("?")[0], timeout=10)
