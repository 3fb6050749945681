"""The production topology on loopback, measured end to end, with processes killed mid-run.

    .venv/bin/python bench/topology.py [--duration 30] [--clients 4] [--keep]

Boots what `deploy/` describes, on 127.0.0.1, from this checkout: nginx (Debian's package,
installed with apt-get when missing and run as root) in front, serving the static files and
sending `/ws/` to two Daphne processes and every other request to two gunicorn processes (a
sync worker each, so that nginx retries an idempotent request on the other when one dies);
PostgreSQL (a throw-away database `maillage_topology`) and Redis (database 12, emptied first)
behind them; `DEBUG=0` with the hashed static files. The demo is loaded into it.

Then, for ``--duration`` seconds:
- a crawl of the public site through nginx by ``--clients`` threads (the trivial view
  `/robots.txt`, the home page, news, agenda, directory, a place page, search), counting each
  answer's status and timing it;
- a chat exchange through nginx between two members of one room, each socket sending a message
  every 0.7 s with its own ``local_id`` and reconnecting (then sending ``chat.resume`` and what
  was not acknowledged) when its socket closes, as the browser's chat.js does;
- at a third of the run, one Daphne process and one gunicorn worker are killed (SIGKILL): nginx
  retries an idempotent request on the other upstream, gunicorn starts a new worker, the sockets
  of the killed Daphne reconnect to the other one.

Prints: requests served, 5xx answers (target 0), p95 per page and its ratio to the trivial view
through the same front, messages sent, lost and duplicated (target 0 and 0), reconnections.
"""

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PYTHON = str(VENV / "python") if (VENV / "python").exists() else sys.executable
DB_NAME = "maillage_topology"
REDIS_DB = 12


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def ensure_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("nginx is missing: sudo apt-get install -y nginx")
    print("Installing nginx (apt-get)…", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "nginx"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return "/usr/sbin/nginx"


def reset_database():
    import psycopg

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()


def environment(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.base",
            "DEBUG": "0",
            "MAILLAGE_LOCAL_SERVER": "1",
            "SECRET_KEY": "bench-topology-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "MAILLAGE_VAR_DIR": str(var_dir),
            "SERVE_MEDIA": "0",
            "PRIVATE_ACCEL_PREFIX": "/_private/",
            "DB_POOL_MAX": "4",
        }
    )
    return env


def prepare(env):
    """Migrate, static files, the demo, the index; then two members of one room with sessions."""
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo", "--quiet-accounts"],
        ["rebuild_index", "--noinput", "-v0"],
    ):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    script = """
import datetime, json
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from directory.models import PlacePage
from workspace.chat.models import Room, RoomMember
from workspace.people.models import User
users = list(User.objects.filter(email__in=["animateur1@demo.maillage.test", "animateur2@demo.maillage.test"]))
room = Room.objects.create(kind=Room.Kind.THREAD, name="Banc topologie")
keys = []
for user in users:
    RoomMember.objects.get_or_create(room=room, user=user)
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.set_expiry(timezone.now() + datetime.timedelta(days=1))
    store.create()
    keys.append(store.session_key)
place = PlacePage.objects.live().first()
print(json.dumps({"room": room.pk, "sessions": keys, "place": place.url}))
"""
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


NGINX_CONF = """
worker_processes 1;
daemon off;
user {user};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream maillage_http {{ server 127.0.0.1:{http1}; server 127.0.0.1:{http2}; keepalive 16; }}
    upstream maillage_ws {{ server 127.0.0.1:{ws1}; server 127.0.0.1:{ws2}; }}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        location /static/ {{ alias {var}/static/; expires 1y; }}
        location /media/ {{ alias {var}/media/; }}
        location /_private/ {{ internal; alias {var}/private/; }}
        location /ws/ {{
            proxy_pass http://maillage_ws;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 1h;
            proxy_next_upstream error timeout;
        }}
        location / {{
            proxy_pass http://maillage_http;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_next_upstream error timeout http_502;
        }}
    }}
}}
"""


class Topology:
    def __init__(self, env, var_dir: Path):
        self.env, self.var_dir = env, var_dir
        self.http_ports, self.ws_ports, self.port = (free_port(), free_port()), (free_port(), free_port()), free_port()
        self.logs = var_dir / "logs"
        self.logs.mkdir(exist_ok=True)
        self.processes = {}

    def _start(self, name, command):
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def start(self, nginx):
        gunicorn = str(VENV / "gunicorn")
        for index, port in enumerate(self.http_ports, 1):
            command = [gunicorn, "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
            self._start(f"gunicorn{index}", command)
        for index, port in enumerate(self.ws_ports, 1):
            self._start(
                f"daphne{index}", [str(VENV / "daphne"), "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"]
            )
        prefix = self.var_dir / "nginx"
        prefix.mkdir(exist_ok=True)
        conf = prefix / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                prefix=prefix,
                http1=self.http_ports[0],
                http2=self.http_ports[1],
                user="root" if os.geteuid() == 0 else os.environ.get("USER", "nobody"),
                ws1=self.ws_ports[0],
                ws2=self.ws_ports[1],
                port=self.port,
                var=self.var_dir,
            )
        )
        self._start("nginx", [nginx, "-c", str(conf), "-p", str(prefix)])
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        for port in (*self.http_ports, *self.ws_ports):
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"port {port} did not answer; logs in {self.logs}") from None
                    time.sleep(0.3)
        urllib.request.urlopen(self.url + "/robots.txt", timeout=5).read()

    def gunicorn_workers(self):
        master = self.processes["gunicorn1"].pid
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


# --- the crawl ------------------------------------------------------------------------------


def crawl(base, pages, clients, stop_at, results, lock):
    def one(worker):
        index = worker
        while time.monotonic() < stop_at:
            name, path = pages[index % len(pages)]
            index += 1
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0  # no answer at all
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                results.setdefault(name, []).append((status, elapsed))

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, range(clients)))


# --- the chat -------------------------------------------------------------------------------


class Member:
    def __init__(self, name, session, room):
        self.name, self.session, self.room = name, session, room
        self.sent, self.acked, self.pending = 0, set(), {}
        self.received = []  # local_ids of the room's messages, in arrival order (duplicates kept)
        self.seen_ids = set()
        self.last_id = 0
        self.reconnections = 0


async def chat(base_ws, members, stop_at):
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidMessage

    async def session(member):
        first = True
        while time.monotonic() < stop_at + 3:
            try:
                ws = await connect(
                    base_ws + "/ws/?modules=chat",
                    origin=base_ws.replace("ws://", "http://"),
                    additional_headers=[("Cookie", f"sessionid={member.session}")],
                    proxy=None,
                    open_timeout=20,
                )
            except (OSError, InvalidHandshake, InvalidMessage):
                await asyncio.sleep(0.5)
                continue
            if not first:
                member.reconnections += 1
            first = False
            try:
                await ws.send(json.dumps({"type": "chat.resume", "room": member.room, "last_id": member.last_id}))
                for local_id, text in list(member.pending.items()):  # what was not acknowledged
                    await ws.send(
                        json.dumps({"type": "chat.send", "room": member.room, "text": text, "local_id": local_id})
                    )

                async def sender(ws=ws):
                    while time.monotonic() < stop_at:
                        member.sent += 1
                        local_id = f"topo:{member.name}:{member.sent}"
                        text = f"Message {member.sent} de {member.name}"
                        member.pending[local_id] = text
                        await ws.send(
                            json.dumps({"type": "chat.send", "room": member.room, "text": text, "local_id": local_id})
                        )
                        await asyncio.sleep(0.7)

                task = asyncio.create_task(sender())
                try:
                    while True:
                        timeout = max(0.5, stop_at + 3 - time.monotonic())
                        data = json.loads(await asyncio.wait_for(ws.recv(), timeout=timeout))
                        if data.get("type") == "chat.ack":
                            member.pending.pop(data.get("local_id"), None)
                        elif data.get("type") == "chat.message":
                            message = data["message"]
                            if message.get("room") != member.room:
                                continue
                            if message["id"] in member.seen_ids:
                                member.received.append(("dup", message.get("local_id")))
                                continue
                            member.seen_ids.add(message["id"])
                            member.last_id = max(member.last_id, message["id"])
                            member.received.append(("ok", message.get("local_id")))
                finally:
                    task.cancel()
            except (TimeoutError, ConnectionClosed):
                pass
            finally:
                await ws.close()
            if time.monotonic() >= stop_at + 3:
                break

    await asyncio.gather(*(session(member) for member in members))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args()
    nginx = ensure_nginx()
    var_dir = Path(tempfile.mkdtemp(prefix="maillage-topology-"))
    env = environment(var_dir)
    print(f"Preparing PostgreSQL database {DB_NAME}, Redis db {REDIS_DB} and the demo in {var_dir} …", flush=True)
    reset_database()
    data = prepare(env)
    topology = Topology(env, var_dir)
    topology.start(nginx)
    print(
        f"nginx :{topology.port} → gunicorn :{topology.http_ports[0]} and :{topology.http_ports[1]} "
        "(a sync worker each), "
        f"Daphne :{topology.ws_ports[0]} and :{topology.ws_ports[1]}; "
        f"{args.duration} s, {args.clients} crawling clients",
        flush=True,
    )
    pages = [
        ("trivial view (/robots.txt)", "/robots.txt"),
        ("home page", "/"),
        ("news", "/actualites/"),
        ("agenda", "/agenda/"),
        ("directory", "/annuaire/"),
        ("place page", data["place"]),
        ("search", "/recherche/?q=atelier"),
    ]
    results, lock = {}, threading.Lock()
    stop_at = time.monotonic() + args.duration
    members = [Member("a", data["sessions"][0], data["room"]), Member("b", data["sessions"][1], data["room"])]
    killed = {}

    def killer():
        time.sleep(args.duration / 3)
        victim = topology.processes["daphne1"]
        victim.send_signal(signal.SIGKILL)
        killed["daphne"] = victim.pid
        workers = topology.gunicorn_workers()
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            killed["worker"] = workers[0]

    threads = [
        threading.Thread(target=crawl, args=(topology.url, pages, args.clients, stop_at, results, lock)),
        threading.Thread(target=lambda: asyncio.run(chat(topology.url.replace("http://", "ws://"), members, stop_at))),
        threading.Thread(target=killer),
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        topology.stop()

    print(f"killed mid-run: Daphne pid {killed.get('daphne')}, gunicorn worker pid {killed.get('worker')}\n")
    total = sum(len(v) for v in results.values())
    errors = sum(1 for v in results.values() for status, _ in v if status >= 500 or status == 0)
    trivial = percentile([ms for status, ms in results.get(pages[0][0], []) if status == 200], 0.95)
    print(f"{'page':32} {'requests':>8} {'5xx':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95 / trivial':>14}")
    for name, _path in pages:
        rows = results.get(name, [])
        ok = [ms for status, ms in rows if status == 200]
        bad = sum(1 for status, _ in rows if status >= 500 or status == 0)
        p95 = percentile(ok, 0.95)
        print(
            f"{name:32} {len(rows):8d} {bad:5d} {statistics.median(ok) if ok else float('nan'):8.1f} "
            f"{p95:8.1f} {p95 / trivial:14.1f}"
        )
    print(f"\nrequests served: {total}, 5xx or no answer: {errors} (target 0)")
    sent = {f"topo:{m.name}:{n}" for m in members for n in range(1, m.sent + 1)}
    for member in members:
        got = [local_id for state, local_id in member.received if state == "ok"]
        # a message stored twice (two ids for one local_id) would show twice: the target; a frame
        # of a message already received (the catch-up after a reconnection overlaps the live
        # delivery) is dropped by its id, as the browser's chat.js drops it, and counted apart
        duplicates = len(got) - len(set(got))
        repeated = sum(1 for state, _ in member.received if state == "dup")
        lost = sent - set(got)
        print(
            f"member {member.name}: received {len(set(got))} of {len(sent)} messages sent in the room, "
            f"lost {len(lost)}, duplicated {duplicates} (target 0 and 0), reconnections {member.reconnections}, "
            f"frames repeated by a catch-up and dropped by id {repeated}, "
            f"unacknowledged at the end {len(member.pending)}"
        )
    if not args.keep:
        shutil.rmtree(var_dir, ignore_errors=True)
    else:
        print(f"logs: {var_dir / 'logs'}")


if __name__ == "__main__":
    main()
