"""The desk as members get it: p50/p95 of `/espace/` for logged-in animators, 1 and 4 at once,
served the way `make run` serves it (one Daphne) and the way deploy/ does (gunicorn, one sync
worker per core), beside the trivial view (`/robots.txt`) on the same server in the same run.

    .venv/bin/python bench/desk_served.py [--requests 200] [--clients 1,4]

Builds a throw-away demo site in a temporary MAILLAGE_VAR_DIR (migrate + load_demo: 150
animators, their places, groups, chat, files…), opens a session for four demo animators (written
through Django's session store, as a login does), and checks each answer: status 200, the member's
greeting and every widget of their desk (a redirect to the login page is not a fast desk). The
server runs with DEBUG off, as `make run` does. Only 127.0.0.1 is contacted.
"""

import argparse
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
sys.path.insert(0, str(ROOT / "bench"))

from load import demo_site, free_port, run_clients  # noqa: E402
from public_pages import wait_until_up  # noqa: E402

SESSIONS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from workspace.dashboard.services import layout_items
from workspace.people.models import User
out = []
for user in User.objects.filter(place__isnull=False, is_active=True).order_by("pk")[:4]:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    out.append({"key": session.session_key, "name": user.first_name,
                "widgets": len(layout_items(user.personal_space))})
print(json.dumps(out))
"""


class Member:
    def __init__(self, key, name, widgets):
        self.key, self.name, self.widgets = key, name, widgets


def fetch(port, path, member=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if member is not None:
        request.add_header("Cookie", f"sessionid={member.key}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.geturl(), response.read()


def check_desk(port, member):
    status, url, body = fetch(port, "/espace/", member)
    text = body.decode()
    if status != 200 or not url.endswith("/espace/"):
        raise SystemExit(f"the desk answered {status} at {url}: not the desk")
    if member.name not in text or text.count('class="card ws-widget ') < member.widgets:
        raise SystemExit(f"the desk of {member.name} lacks its greeting or its {member.widgets} widgets")


def measure(port, path, members, clients, total):
    """req/s, p50 ms, p95 ms, errors: ``clients`` threads, each as one member."""

    def once(number):
        member = members[number % len(members)] if members else None
        status, _, body = fetch(port, path, member)
        right = status == 200 and (member is None or member.name.encode() in body)
        return None if right else f"status {status}"

    result = run_clients(clients, max(1, total // clients), once)
    return result["rate"], result["p50"], result["p95"], len(result["failures"])


def servers(port):
    daphne = [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"]
    gunicorn = [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", str(os.cpu_count() or 2), "portal.wsgi"]
    return [("one Daphne (make run)", daphne), (f"gunicorn, {os.cpu_count() or 2} sync workers", gunicorn)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per measure (default 200)")
    parser.add_argument("--clients", default="1,4", help="concurrent members (default 1,4)")
    args = parser.parse_args()
    concurrencies = [int(c) for c in args.clients.split(",")]

    env = demo_site(ROOT, PYTHON, prefix="maillage-bench-desk-")
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SESSIONS], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    import json

    members = [Member(**m) for m in json.loads(out.strip().splitlines()[-1])]
    print(f"{len(members)} demo animators, {members[0].widgets} widgets on their desks\n")
    print(f"{'server':30} {'page':22} {'clients':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    port = free_port()
    for label, command in servers(port):
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(port)
            for member in members:
                check_desk(port, member)
                fetch(port, "/espace/", member)  # warm: what every desk shares is read once
            for clients in concurrencies:
                for page, path, who in (("trivial view (robots)", "/robots.txt", []), ("desk", "/espace/", members)):
                    rate, p50, p95, errors = measure(port, path, who, clients, args.requests)
                    print(
                        f"{label:30} {page:22} {clients:>7} {rate:7.1f} {p50:7.1f} {p95:7.1f} {errors:6d}", flush=True
                    )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
