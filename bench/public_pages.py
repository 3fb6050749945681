"""Throughput and p95 latency of public pages, cached and uncached, beside a bare Django view.

    .venv/bin/python bench/public_pages.py [--requests 300] [--concurrency 4]

Builds a throw-away demo site in a temporary MAILLAGE_VAR_DIR (migrate + load_demo), then for
each configuration starts Daphne on a free loopback port, exactly as `make run` serves the site,
and sends a bounded number of GET requests per address from a few client threads:

- the home page, the news index and an event page, with the page cache off (PAGE_CACHE_SECONDS=0)
  and on (300 s);
- /robots.txt, a plain Django TemplateView served by the same Daphne process: the floor of
  what any page can cost on this stack.

Only 127.0.0.1 is contacted. Prints requests/s and p50/p95 in milliseconds.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADDRESSES = [
    ("bare Django view (/robots.txt)", "/robots.txt"),
    ("home page", "/"),
    ("news index", "/actualites/"),
    ("event page", "/agenda/atelier-demarches-gourdon/"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port, deadline=30.0):
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("Daphne did not start")


def measure(port, path, total, concurrency, marker=b"</html>"):
    """req/s, p50 ms, p95 ms, errors: an answer counts only with status 200 and ``marker`` in it
    (an error page or a redirect is not a fast page)."""
    url = f"http://127.0.0.1:{port}{path}"
    for _ in range(3):  # warm up: renditions, first cache fill
        urllib.request.urlopen(url, timeout=30).read()
    timings, lock, errors = [], threading.Lock(), [0]
    per_thread = max(1, total // concurrency)

    def worker():
        for _ in range(per_thread):
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    ok = response.status == 200 and marker in response.read()
            except OSError:
                ok = False
            with lock:
                if ok:
                    timings.append(time.perf_counter() - started)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))] if timings else float("nan")
    return len(timings) / elapsed, statistics.median(timings) * 1000 if timings else float("nan"), p95 * 1000, errors[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per address (default 300)")
    parser.add_argument("--concurrency", default="4,16", help="client threads, comma-separated (default 4,16)")
    args = parser.parse_args()
    concurrencies = [int(c) for c in args.concurrency.split(",")]

    var_dir = tempfile.mkdtemp(prefix="maillage-bench-")
    env = {**os.environ, "MAILLAGE_VAR_DIR": var_dir, "DEBUG": "0", "MAILLAGE_LOCAL_SERVER": "1", "LOG_LEVEL": "ERROR"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    print(f"Preparing a demo site in {var_dir} …", flush=True)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo", "--quiet-accounts"],
    ):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    print(f"{args.requests} requests per address, one Daphne process as `make run` serves the site (DEBUG off)\n")
    print(
        f"{'address':34} {'page cache':>10} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}"
        f" {'vs trivial':>10}"
    )
    for cache_seconds in ("0", "300"):
        port = free_port()
        server = subprocess.Popen(
            [str(Path(PYTHON).parent / "daphne"), "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
            cwd=ROOT,
            env={**env, "PAGE_CACHE_SECONDS": cache_seconds},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port)
            for clients in concurrencies:
                reference = None
                for label, path in ADDRESSES:
                    marker = b"Disallow" if path == "/robots.txt" else b"</html>"
                    rate, p50, p95, errors = measure(port, path, args.requests, clients, marker)
                    if path == "/robots.txt":
                        reference = rate
                    state = "on" if cache_seconds == "300" else "off"
                    ratio = f"{rate / reference:10.2f}" if reference else ""
                    print(
                        f"{label:34} {state:>10} {clients:>7} {rate:8.1f} {p50:8.1f} {p95:8.1f} {errors:6d} {ratio}",
                        flush=True,
                    )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
