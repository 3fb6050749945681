"""Maillage's uncached home page beside wagtail/bakerydemo's, on the same machine and server.

    .venv/bin/python bench/bakerydemo.py [--bakerydemo-src PATH] [--requests 200]
                                         [--clients 1,4] [--servers daphne,gunicorn] [--rebuild]

Prepares, under var/bench-bakerydemo/ (ignored by git), and only what is missing there:

- bakerydemo: its source (``--bakerydemo-src``: a bare git directory, e.g. a mirror of
  github.com/wagtail/bakerydemo, whose HEAD is extracted, or a source tree, which is copied), a
  virtualenv of its own installed from the package index with its ``requirements/base.txt``
  (on Python < 3.12 Django 6.0 cannot install: Django 5.2 takes its place, which Wagtail 7.4
  supports), migrate, ``load_initial_data`` (its demo data) and collectstatic. It runs with its
  base settings and DEBUG off (``bakerydemo/settings/bench.py``, written by this script): SQLite,
  local-memory cache, no page cache (it has none).
- Maillage: a demo site in its own MAILLAGE_VAR_DIR (migrate, collectstatic, ``load_demo``),
  served as ``make run`` serves it (DEBUG off, MAILLAGE_LOCAL_SERVER=1) with the page cache off
  (PAGE_CACHE_SECONDS=0): every request renders the page.

Then, for each server type (Daphne, and gunicorn with one sync worker: the same for both sites),
it starts both sites on free loopback ports and, for each number of clients, sends a bounded
number of GETs of each home page, alternately, from client threads. Every answer must be a 200
holding a known string of that home page. The queries per request are counted by a test client
in each site's own process (same settings, after a warm-up). Prints req/s, p50/p95 and queries of
both home pages side by side, with Maillage's req/s over bakerydemo's. Only 127.0.0.1 is contacted.
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import free_port, run_clients  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
WORK = ROOT / "var" / "bench-bakerydemo"

MAILLAGE_MARK = b"Le num\xc3\xa9rique, pr\xc3\xa8s de chez vous"  # home.demo.HERO_TITLE
BAKERY_MARK = b"The Wagtail Bakery"

BENCH_SETTINGS = '''"""Written by Maillage's bench/bakerydemo.py: the base settings with DEBUG off."""

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
'''
BENCH_ASGI = '''"""Written by Maillage's bench/bakerydemo.py: bakerydemo ships no ASGI module."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bakerydemo.settings.bench")
application = get_asgi_application()
'''

# Counts the queries of the home page in the site's own process: printed as one JSON line.
QUERY_COUNT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
for _ in range(3):
    response = client.get("/")
with CaptureQueriesContext(connection) as queries:
    response = client.get("/")
print("QUERIES " + json.dumps({"status": response.status_code, "queries": len(queries)}))
"""


def run(command, **kwargs):
    subprocess.run(command, check=True, **kwargs)


# --- bakerydemo -------------------------------------------------------------------------------


def default_bakerydemo_src():
    found = sorted(glob.glob("/work/.mirror/wagtail+bakerydemo*"))
    for path in found:
        for candidate in (Path(path) / "repo", Path(path)):
            if (candidate / "HEAD").exists() or (candidate / "manage.py").exists():
                return candidate
    return None


def bakery_env():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.bench", "DJANGO_LOG_LEVEL": "ERROR"}
    for name in ("DATABASE_URL", "REDIS_URL", "VIRTUAL_ENV"):
        env.pop(name, None)
    return env


def prepare_bakerydemo(src, rebuild):
    tree, venv = WORK / "src", WORK / "venv"
    python = venv / "bin" / "python"
    if rebuild:
        shutil.rmtree(tree, ignore_errors=True)
    if not (tree / "manage.py").exists():
        if src is None:
            sys.exit("No bakerydemo source: pass --bakerydemo-src (a bare git directory or a source tree).")
        src = Path(src)
        print(f"bakerydemo: source from {src}", flush=True)
        tree.mkdir(parents=True, exist_ok=True)
        if (src / "manage.py").exists():
            shutil.copytree(src, tree, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
        else:
            archive = subprocess.Popen(["git", "--git-dir", str(src), "archive", "HEAD"], stdout=subprocess.PIPE)
            run(["tar", "-x", "-C", str(tree)], stdin=archive.stdout)
            if archive.wait() != 0:
                sys.exit(f"git archive failed in {src}")
    (tree / "bakerydemo" / "settings" / "bench.py").write_text(BENCH_SETTINGS)
    (tree / "bakerydemo" / "bench_asgi.py").write_text(BENCH_ASGI)

    marker = venv / ".installed"
    if not marker.exists():
        print("bakerydemo: virtualenv and its requirements (pip) …", flush=True)
        run([PYTHON, "-m", "venv", "--clear", str(venv)])
        requirements = (tree / "requirements" / "base.txt").read_text().splitlines()
        if sys.version_info < (3, 12):  # Django 6.0 needs 3.12: Wagtail 7.4 also runs on 5.2
            requirements = [re.sub(r"^Django>=6\.0,<6\.1$", "Django>=5.2,<6.0", line) for line in requirements]
        requirements = [line for line in requirements if line.strip() and not line.startswith("#")]
        run([str(python), "-m", "pip", "install", "--quiet", *requirements, "daphne", "gunicorn"])
        marker.write_text("\n".join(requirements))

    env = bakery_env()
    if rebuild or not (tree / "bakerydemodb").exists():
        (tree / "bakerydemodb").unlink(missing_ok=True)
        print("bakerydemo: migrate, load_initial_data, collectstatic …", flush=True)
        quiet = {"cwd": tree, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        run([str(python), "manage.py", "migrate", "--noinput", "-v0"], **quiet)
        run([str(python), "manage.py", "load_initial_data"], **quiet)
    run(
        [str(python), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return {
        "name": "bakerydemo",
        "cwd": tree,
        "env": env,
        "python": python,
        "daphne": [str(venv / "bin" / "daphne"), "bakerydemo.bench_asgi:application"],
        "gunicorn": [str(venv / "bin" / "gunicorn"), "-w", "1", "bakerydemo.wsgi:application"],
        "mark": BAKERY_MARK,
    }


# --- Maillage ---------------------------------------------------------------------------------


def maillage_env(var_dir):
    env = {
        **os.environ,
        "MAILLAGE_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "MAILLAGE_LOCAL_SERVER": "1",
        "PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return env


def prepare_maillage(rebuild):
    var_dir = WORK / "maillage-var"
    if rebuild:
        shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True, exist_ok=True)
    env = maillage_env(var_dir)
    quiet = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL}
    fresh = not (var_dir / "db.sqlite3").exists()
    print("Maillage: migrate, collectstatic" + (", load_demo …" if fresh else " …"), flush=True)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], **quiet)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], **quiet)
    if fresh:
        run([PYTHON, "manage.py", "load_demo", "--quiet-accounts"], **quiet)
    return {
        "name": "Maillage",
        "cwd": ROOT,
        "env": env,
        "python": Path(PYTHON),
        "daphne": [str(BIN / "daphne"), "portal.asgi:application"],
        "gunicorn": [str(BIN / "gunicorn"), "-w", "1", "portal.wsgi:application"],
        "mark": MAILLAGE_MARK,
    }


# --- measures ---------------------------------------------------------------------------------


def count_queries(site):
    out = subprocess.run(
        [str(site["python"]), "manage.py", "shell", "-c", QUERY_COUNT],
        cwd=site["cwd"],
        env=site["env"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("QUERIES "))
    result = json.loads(line.removeprefix("QUERIES "))
    if result["status"] != 200:
        sys.exit(f"{site['name']}: the home page answered {result['status']} to the test client")
    return result["queries"]


def start(site, server):
    port = free_port()
    if server == "daphne":
        command = [site["daphne"][0], "-b", "127.0.0.1", "-p", str(port), *site["daphne"][1:]]
    else:
        command = [site["gunicorn"][0], "-b", f"127.0.0.1:{port}", "--worker-class", "sync", *site["gunicorn"][1:]]
    process = subprocess.Popen(
        command, cwd=site["cwd"], env=site["env"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body = response.read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                sys.exit(f"{site['name']}: {server} did not answer on {url}")
            time.sleep(0.3)
    if site["mark"] not in body:
        process.kill()
        sys.exit(f"{site['name']}: the home page lacks {site['mark']!r}")
    return process, url


def measure(url, mark, total, clients):
    for _ in range(5):  # warm up: renditions, templates, connections
        urllib.request.urlopen(url, timeout=30).read()

    def once(_client):
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body = response.status, response.read()
        if status != 200 or mark not in body:
            return f"status {status}, mark {'found' if mark in body else 'missing'}"
        return None

    return run_clients(clients, max(1, total // clients), once)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bakerydemo-src", help="bare git directory or source tree of wagtail/bakerydemo")
    parser.add_argument("--requests", type=int, default=200, help="requests per home page and run (default 200)")
    parser.add_argument("--clients", default="1,4", help="client threads, comma-separated (default 1,4)")
    parser.add_argument("--servers", default="daphne,gunicorn", help="daphne, gunicorn or both (default)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild both demo databases from scratch")
    args = parser.parse_args()
    clients = [int(value) for value in args.clients.split(",")]
    servers = [value.strip() for value in args.servers.split(",")]

    WORK.mkdir(parents=True, exist_ok=True)
    bakery = prepare_bakerydemo(args.bakerydemo_src or default_bakerydemo_src(), args.rebuild)
    maillage = prepare_maillage(args.rebuild)
    sites = [maillage, bakery]
    queries = {site["name"]: count_queries(site) for site in sites}

    print(
        f"\nHome pages, uncached, DEBUG off, SQLite; {args.requests} requests per page and run, the two "
        "sites measured one after the other; every answer a 200 with its page's known string.\n"
    )
    header = f"{'server':10} {'clients':>7} │ {'site':10} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} │"
    print(f"{header} {'ratio':>6}")
    failed = False
    for server in servers:
        processes = []
        try:
            urls = {}
            for site in sites:
                process, url = start(site, server)
                processes.append(process)
                urls[site["name"]] = url
            for count in clients:
                results = {}
                for site in sites:
                    results[site["name"]] = result = measure(urls[site["name"]], site["mark"], args.requests, count)
                    if result["failures"]:
                        failed = True
                        print(f"  {site['name']}: {len(result['failures'])} failures, e.g. {result['failures'][0]}")
                ratio = results["Maillage"]["rate"] / results["bakerydemo"]["rate"]
                for index, site in enumerate(sites):
                    r = results[site["name"]]
                    line = (
                        f"{server if index == 0 else '':10} {count if index == 0 else '':>7} │ {site['name']:10} "
                        f"{r['rate']:7.1f} {r['p50']:7.1f} {r['p95']:7.1f} {queries[site['name']]:7d} │"
                    )
                    print(f"{line} {f'{ratio:.2f}×' if index == 0 else '':>6}", flush=True)
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=10)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
