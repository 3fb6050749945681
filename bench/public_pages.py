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
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import demo_site, free_port, run_clients  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADDRESSES = [
    ("bare Django view (/robots.txt)", "/robots.txt"),
    ("home page", "/"),
    ("news index", "/actualites/"),
    ("event page", "/agenda/atelier-demarches-gourdon/"),
]


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

    def once(_client):
        with urllib.request.urlopen(url, timeout=30) as response:
            return None if response.status == 200 and marker in response.read() else "wrong answer"

    result = run_clients(concurrency, max(1, total // concurrency), once)
    return result["rate"], result["p50"], result["p95"], len(result["failures"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per address (default 300)")
    parser.add_argument("--concurrency", default="4,16", help="client threads, comma-separated (default 4,16)")
    args = parser.parse_args()
    concurrencies = [int(c) for c in args.concurrency.split(",")]

    env = demo_site(ROOT, PYTHON, prefix="maillage-bench-")

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
