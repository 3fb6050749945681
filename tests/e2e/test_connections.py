"""Database connections under load, on PostgreSQL: a Daphne process holding 64 concurrent requests
answers every one of them and keeps its server connections within its pool."""

import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.e2e.conftest import Daphne

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="connection pooling is PostgreSQL's (the PostgreSQL run covers it)"
)

CONCURRENT = 64
POOL_MAX = 4


def _server_connections(dbname: str) -> int:
    import psycopg

    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict.get("HOST") or "127.0.0.1",
        port=settings_dict.get("PORT") or 5432,
        user=settings_dict.get("USER") or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as monitor:
        row = monitor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name <> 'pytest-self'",
            [dbname],
        ).fetchone()
    return row[0]


def test_64_concurrent_requests_get_answers_within_a_bounded_pool(transactional_db, tmp_path, monkeypatch):
    from tests.home import builders

    builders.home()
    monkeypatch.setenv("DB_POOL_MAX", str(POOL_MAX))
    monkeypatch.setenv("DB_POOL_MIN", "1")
    dbname = connection.settings_dict["NAME"]
    baseline = _server_connections(dbname)  # this test process's own connection
    server = Daphne(tmp_path)
    try:
        peak, done = [0], threading.Event()

        def watch():
            while not done.is_set():
                peak[0] = max(peak[0], _server_connections(dbname) - baseline)
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()

        def get(number):
            address = "/" if number % 2 else "/plan-du-site/"
            try:
                with urllib.request.urlopen(server.url + address, timeout=60) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
            statuses = list(pool.map(get, range(CONCURRENT * 2)))
        done.set()
        watcher.join()
    finally:
        server.stop()
    assert statuses.count(200) == len(statuses), sorted(set(statuses))
    # the Daphne process never held more than its pool, whatever the number of its threads
    assert 1 <= peak[0] <= POOL_MAX, peak[0]
