"""Fan-out of the chat over the workspace WebSocket, beside a bare `websockets` broadcast server.

    .venv/bin/python bench/chat_fanout.py [--clients 100,500,1000] [--large-room 500]
        [--duration 10] [--load 300] [--rate MSGS_PER_S] [--configs memory,redis,reference] [--quick]

Builds a throw-away SQLite database in a temporary MAILLAGE_VAR_DIR (migrate, then members,
rooms and login sessions written directly through the ORM), then for each scenario and each
configuration starts the servers on free loopback ports and connects the clients:

- scenarios: N clients (--clients) in rooms of 10 members, and one large room of 500 members
  (--large-room) whose 500 clients are all in it;
- configurations: ``memory``, one Daphne process with the in-memory channel layer (``make run``);
  ``redis``, two Daphne processes sharing the Redis channel layer and cache (REDIS_URL, database
  10 of 127.0.0.1:6379, emptied first), the clients alternating between them; ``reference``, a
  bare `websockets` server (a subprocess of this script) that parses each message, wraps it in a
  payload of the same shape and size as the chat's and broadcasts it to the room's sockets: the
  physical floor of the fan-out, with no database, no authorisation and no channel layer.

Each client is a real WebSocket (the `websockets` library, in this process) on /ws/?modules=chat
(as the chat page opens it: the rooms joined and a snapshot sent), opened with the
member's session cookie and an accepted Origin, as a browser tab does; it waits for its snapshot,
then every client of a room is also a sender. Messages are sent open-loop at a fixed offered rate
(--load deliveries/s, i.e. --load / room size messages/s, or --rate messages/s), spread over all
clients so that no member exceeds 1.8 messages/s: the chat allows 20 messages per 10 s per member
(workspace.chat.services.RATE_LIMIT), so a smaller scenario may offer less than asked (column
"msg/s"). The search index refresh that each message queues is not run (TASKS_BACKEND dummy, as
when one task worker writes the index in its own process); --inline-index runs it inside Daphne,
as `make run` does with the immediate backend (a Whoosh write per message). Each message carries
its send time in its ``local_id``; every client of the room (the sender too) records the time its
``chat.message`` arrived.

Prints per configuration and scenario: messages sent, chat errors, deliveries expected and
received (distinct per socket), how many were lost and how many a socket received twice,
deliveries/s (received / time from the first send to the last delivery), delivery latency
p50/p95/p99 in milliseconds, and the CPU used by the server processes and by the client process
(percent of one core: the clients share the 2 cores with the servers), the time to
connect every client and how many connection attempts were refused and retried. Then the ratio of
each Daphne configuration to the reference. Only 127.0.0.1 is contacted.
"""

import argparse
import asyncio
import datetime
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REDIS_URL = "redis://127.0.0.1:6379/10"
SMALL_ROOM = 10
MAX_PER_SENDER = 1.8  # messages/s: below the chat's 20 per 10 s per member
CONNECT_CONCURRENCY = 50
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def percentile(values, fraction):
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(fraction * (len(values) - 1) + 0.5))]


def cpu_seconds(pid) -> float:
    """User + system CPU time of a process, from /proc (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


# --- The throw-away database ------------------------------------------------------------------


def prepare(var_dir, small_count, large_count):
    """Migrate, then make members, rooms and sessions. Returns (small, large): lists of
    (session key, room id) in member order; small rooms hold SMALL_ROOM consecutive members."""
    os.environ.update({"MAILLAGE_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DEBUG": "1"})
    for name in ("REDIS_URL", "DATABASE_URL"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.utils import timezone

    from workspace.chat.models import Room, RoomMember
    from workspace.people.models import User

    call_command("migrate", "--noinput", verbosity=0)
    password = make_password(None)
    with transaction.atomic():
        lounge = Room.objects.create(kind=Room.Kind.LOUNGE, name="Network lounge")
        users = {}
        for prefix, count in (("s", small_count), ("l", large_count)):
            User.objects.bulk_create(
                [
                    User(
                        email=f"bench-{prefix}{i}@bench.test",
                        first_name=f"Membre{prefix.upper()}{i}",
                        last_name="Banc",
                        password=password,
                    )
                    for i in range(count)
                ],
                batch_size=500,
            )
            users[prefix] = list(User.objects.filter(email__startswith=f"bench-{prefix}").order_by("pk"))
        rooms = {"s": [], "l": []}
        for start in range(0, small_count, SMALL_ROOM):
            rooms["s"].append(Room.objects.create(kind=Room.Kind.THREAD, name=f"Banc {start // SMALL_ROOM}"))
        if large_count:
            rooms["l"].append(Room.objects.create(kind=Room.Kind.THREAD, name="Grand salon"))
        memberships, sessions, out = [], [], {"s": [], "l": []}
        expire = timezone.now() + datetime.timedelta(days=1)
        backend = "django.contrib.auth.backends.ModelBackend"
        for prefix, size in (("s", SMALL_ROOM), ("l", max(large_count, 1))):
            for i, user in enumerate(users[prefix]):
                room = rooms[prefix][i // size]
                memberships += [RoomMember(room=lounge, user=user), RoomMember(room=room, user=user)]
                key = f"bench{prefix}{i:05d}".ljust(32, "x")
                data = {"_auth_user_id": str(user.pk), "_auth_user_backend": backend}
                data["_auth_user_hash"] = user.get_session_auth_hash()
                sessions.append(Session(session_key=key, session_data=SessionStore().encode(data), expire_date=expire))
                out[prefix].append((key, room.pk))
        RoomMember.objects.bulk_create(memberships, batch_size=1000)
        Session.objects.bulk_create(sessions, batch_size=1000)
    assert settings.SESSION_COOKIE_NAME == "sessionid"
    connections.close_all()
    return out["s"], out["l"]


# --- Servers ------------------------------------------------------------------------------------


class Server:
    """A server subprocess on a free loopback port: Daphne serving the site, or the reference."""

    def __init__(self, kind, var_dir, redis=False, inline_index=False):
        self.port = free_port()
        if kind == "reference":
            command = [PYTHON, __file__, "--reference-server", str(self.port)]
            env = dict(os.environ)
        else:
            daphne = str(Path(PYTHON).parent / "daphne")
            command = [daphne, "-b", "127.0.0.1", "-p", str(self.port), "portal.asgi:application"]
            env = {
                **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}},
                "MAILLAGE_VAR_DIR": var_dir,
                "DJANGO_SETTINGS_MODULE": "portal.settings.base",
                # as `make run`: DEBUG off (no SQL kept nor formatted per query) on this machine
                "DEBUG": "0",
                "MAILLAGE_LOCAL_SERVER": "1",
                "LOG_LEVEL": "ERROR",
                "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
                if inline_index
                else "django_tasks.backends.dummy.DummyBackend",
            }
            if redis:
                env.update({"REDIS_URL": REDIS_URL, "CHANNEL_PREFIX": "bench-chat", "CACHE_KEY_PREFIX": "bench-chat"})
        # the server's output is kept beside the database, for a failure to be read afterwards
        self.log_path = Path(var_dir) / f"{kind}-{self.port}.log"
        self.log = open(self.log_path, "w+b")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.kind = kind
        self.wait_until_up()

    def wait_until_up(self, deadline=60.0):
        start = time.monotonic()
        while time.monotonic() - start < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.kind == "reference":
                    socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
                else:
                    urllib.request.urlopen(f"http://127.0.0.1:{self.port}/robots.txt", timeout=2).read()
                return
            except OSError:
                time.sleep(0.3)
        self.log.seek(0)
        raise RuntimeError(f"{self.kind} server did not start:\n{self.log.read().decode()[-3000:]}")

    def cpu(self) -> float:
        return cpu_seconds(self.process.pid)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# --- The reference: a bare websockets broadcast server ----------------------------------------


def reference_server(port):
    """Rebroadcast each ``chat.send`` to the sockets of the same room, as the chat's payload."""
    from urllib.parse import parse_qs, urlsplit

    from websockets.asyncio.server import broadcast, serve

    rooms: dict[int, set] = {}
    ids = [0]

    async def handler(ws):
        query = parse_qs(urlsplit(ws.request.path).query)
        room, user = int(query["room"][0]), int(query["user"][0])
        members = rooms.setdefault(room, set())
        members.add(ws)
        await ws.send(json.dumps({"type": "hello", "user": user}))
        await ws.send(json.dumps({"type": "chat.snapshot", "user": user, "rooms": [{"id": room}]}))
        try:
            async for data in ws:
                content = json.loads(data)
                if content.get("type") != "chat.send":
                    continue
                ids[0] += 1
                message = {
                    "id": ids[0],
                    "room": room,
                    "author": {"id": user, "name": f"Membre {user} Banc", "initials": "MB"},
                    "text": str(content.get("text", "")),
                    "local_id": str(content.get("local_id", "")),
                    "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                    "edited": False,
                    "deleted": False,
                    "reactions": {},
                    "reply_to": None,
                    "attachment": None,
                }
                broadcast(members, json.dumps({"type": "chat.message", "message": message}))
                await ws.send(json.dumps({"type": "chat.ack", "local_id": content.get("local_id"), "id": ids[0]}))
        finally:
            members.discard(ws)

    async def main():
        async with serve(handler, "127.0.0.1", port, compression=None, ping_interval=None, max_size=None):
            await asyncio.Future()

    asyncio.run(main())


# --- Clients ------------------------------------------------------------------------------------


class Run:
    """Counters shared by the clients of one scenario."""

    def __init__(self):
        self.latencies = []
        self.deliveries = 0  # distinct (socket, message) deliveries
        self.duplicates = 0  # a message a socket received again
        self.errors = 0
        self.retries = 0
        self.last_frame = time.monotonic()
        self.last_delivery = 0.0


async def open_client(url, origin, cookie, run, room, semaphore):
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidHandshake, InvalidMessage

    headers = [("Cookie", f"sessionid={cookie}")] if cookie else []
    for attempt in range(6):
        async with semaphore:
            try:
                ws = await connect(
                    url,
                    origin=origin,
                    additional_headers=headers,
                    compression=None,
                    ping_interval=None,
                    open_timeout=120,
                    max_size=None,
                    max_queue=None,
                    proxy=None,
                )
                try:
                    async with asyncio.timeout(60):
                        while True:  # hello, then the snapshot
                            event = json.loads(await ws.recv())
                            if event["type"] == "chat.snapshot":
                                break
                except TimeoutError:
                    await ws.close()
                    raise RuntimeError("a client got no chat.snapshot within 60 s") from None
                break
            except (InvalidHandshake, InvalidMessage, OSError):
                # Daphne closes a socket its application has not accepted within 5 s
                run.retries += 1
        await asyncio.sleep(1 + attempt)
    else:
        raise RuntimeError("a client could not connect after 6 attempts")
    return ws, asyncio.create_task(listen(ws, run, room))


async def listen(ws, run, room):
    from websockets.exceptions import ConnectionClosed

    seen = set()  # the messages this socket received
    try:
        async for data in ws:
            now = time.perf_counter_ns()
            run.last_frame = time.monotonic()
            if '"chat.message"' in data:
                message = json.loads(data)["message"]
                local_id = message.get("local_id", "")
                if message.get("room") == room and local_id.startswith("bench:"):
                    _bench, number, sent_ns = local_id.split(":")
                    if number in seen:
                        run.duplicates += 1
                        continue
                    seen.add(number)
                    run.latencies.append((now - int(sent_ns)) / 1e6)
                    run.deliveries += 1
                    run.last_delivery = time.perf_counter()
            elif '"chat.error"' in data:
                run.errors += 1
    except ConnectionClosed:
        pass


async def quiet(run, seconds=1.0, limit=60.0):
    """Wait until no frame has arrived for ``seconds`` (presence announcements on connect)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        await asyncio.sleep(0.2)
        if time.monotonic() - run.last_frame >= seconds:
            return


async def scenario(members, room_size, urls, origin_of, rate, duration, servers, reference):
    """members: [(session key, room id)]; urls: one per server process, clients alternate."""
    run = Run()
    semaphore = asyncio.Semaphore(CONNECT_CONCURRENCY)
    started = time.monotonic()
    opened = await asyncio.gather(
        *[
            open_client(
                urls[i % len(urls)] + (f"room={room}&user={i}" if reference else ""),
                origin_of(urls[i % len(urls)]),
                None if reference else key,
                run,
                room,
                semaphore,
            )
            for i, (key, room) in enumerate(members)
        ]
    )
    connect_seconds = time.monotonic() - started
    await quiet(run)
    sockets = [ws for ws, _task in opened]
    # senders interleaved across rooms: consecutive messages go to different rooms
    by_room = {}
    for (_key, room), ws in zip(members, sockets, strict=True):
        by_room.setdefault(room, []).append(ws)
    senders = [(room, group[j]) for j in range(room_size) for room, group in by_room.items() if j < len(group)]
    total = int(rate * duration)
    cpu_before = [s.cpu() for s in servers]
    client_before = time.process_time()
    wall_start = time.perf_counter()
    first_send = time.perf_counter()
    run.last_delivery = first_send
    for k in range(total):
        delay = wall_start + k / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        room, ws = senders[k % len(senders)]
        local_id = f"bench:{k}:{time.perf_counter_ns()}"
        text = f"Message {k} du banc"
        await ws.send(json.dumps({"type": "chat.send", "room": room, "text": text, "local_id": local_id}))
    send_seconds = time.perf_counter() - first_send
    await quiet(run, seconds=2.0, limit=120.0)
    wall = time.perf_counter() - wall_start
    server_cpu = sum(after - before for after, before in zip([s.cpu() for s in servers], cpu_before, strict=True))
    client_cpu = time.process_time() - client_before
    for ws, task in opened:
        await ws.close()
        task.cancel()
    await asyncio.gather(*[task for _ws, task in opened], return_exceptions=True)
    latencies = sorted(run.latencies)
    span = max(run.last_delivery - first_send, send_seconds, 1e-9)
    return {
        "clients": len(members),
        "room_size": room_size,
        "rate": rate,
        "sent": total,
        "errors": run.errors,
        "expected": (total - run.errors) * room_size,
        "deliveries": run.deliveries,
        "lost": max(0, (total - run.errors) * room_size - run.deliveries),
        "duplicates": run.duplicates,
        "per_second": run.deliveries / span,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "server_cpu": 100 * server_cpu / wall,
        "client_cpu": 100 * client_cpu / wall,
        "connect": connect_seconds,
        "retries": run.retries,
    }


# --- Main -----------------------------------------------------------------------------------------


def ints(text):
    return [int(x) for x in text.replace("_", "").split(",") if x.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="100,500,1000", help="clients in rooms of 10 (default 100,500,1000)")
    parser.add_argument("--large-room", type=int, default=500, help="clients of the one large room (0: none)")
    parser.add_argument("--duration", type=float, default=10.0, help="sending window in seconds (default 10)")
    parser.add_argument(
        "--load", type=float, default=300.0, help="offered deliveries/s (default 300, below what one process delivers)"
    )
    parser.add_argument("--rate", type=float, help="offered messages/s per scenario (instead of --load)")
    parser.add_argument("--configs", default="memory,redis,reference", help="among memory,redis,reference")
    parser.add_argument(
        "--inline-index",
        action="store_true",
        help="index each message in Whoosh inside Daphne (TASKS_BACKEND immediate, as `make run`)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 clients, a room of 40, 3 s")
    parser.add_argument("--reference-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference_server:
        reference_server(args.reference_server)
        return
    if args.quick:
        args.clients, args.large_room, args.duration = "20", 40, 3.0
    raise_fd_limit()
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = set(configs) - {"memory", "redis", "reference"}
    if unknown:
        parser.error(f"unknown configuration(s): {', '.join(sorted(unknown))}")
    counts = ints(args.clients)
    scenarios = [(n, SMALL_ROOM, "small") for n in counts]
    if args.large_room:
        scenarios.append((args.large_room, args.large_room, "large"))

    var_dir = tempfile.mkdtemp(prefix="maillage-bench-chat-")
    print(f"Preparing members, rooms and sessions in {var_dir} …", flush=True)
    small, large = prepare(var_dir, max(counts, default=0), args.large_room)

    def rate_for(clients, room_size):
        wanted = args.rate if args.rate else args.load / room_size
        return min(wanted, MAX_PER_SENDER * clients)

    print(
        f"\n{args.duration:g} s of sending per scenario, offered {args.load:g} deliveries/s"
        if not args.rate
        else f"\n{args.duration:g} s of sending per scenario, {args.rate:g} messages/s",
        f"(at most {MAX_PER_SENDER} messages/s per member); search index refresh "
        + ("inline (immediate tasks)" if args.inline_index else "queued, not run (dummy tasks)")
        + f"; latencies in ms; CPU in % of one core; load average before: {os.getloadavg()[0]:.1f}\n",
    )
    header = (
        f"{'configuration':24} {'clients':>7} {'room':>5} {'msg/s':>6} {'sent':>6} {'err':>4} {'expected':>9} "
        f"{'received':>9} {'lost':>5} {'dup':>5} {'deliv/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'srv cpu':>7} "
        f"{'cli cpu':>7} {'connect s':>9} {'retries':>7}"
    )
    print(header)
    results = {}
    labels = {
        "memory": "Daphne ×1, in-memory",
        "redis": "Daphne ×2, Redis",
        "reference": "bare websockets",
    }
    for clients, room_size, pool in scenarios:
        members = (large if pool == "large" else small)[:clients]
        rate = rate_for(clients, room_size)
        for config in configs:
            if config == "redis":
                flush_redis()
            count = 2 if config == "redis" else 1
            servers = []
            try:
                for _ in range(count):
                    servers.append(Server(config, var_dir, redis=config == "redis", inline_index=args.inline_index))
                reference = config == "reference"
                # a chat page follows the chat module (the snapshot, the rooms' groups)
                urls = [f"ws://127.0.0.1:{s.port}/{'?' if reference else 'ws/?modules=chat&'}" for s in servers]

                def origin_of(url):
                    return "http://" + url.split("/")[2]

                result = asyncio.run(
                    scenario(members, room_size, urls, origin_of, rate, args.duration, servers, reference)
                )
            finally:
                for server in servers:
                    server.stop()
            results[(config, clients, room_size)] = result
            r = result
            print(
                f"{labels[config]:24} {r['clients']:7d} {r['room_size']:5d} {r['rate']:6.1f} {r['sent']:6d} "
                f"{r['errors']:4d} {r['expected']:9d} {r['deliveries']:9d} {r['lost']:5d} {r['duplicates']:5d} "
                f"{r['per_second']:8.0f} {r['p50']:7.1f} "
                f"{r['p95']:7.1f} {r['p99']:7.1f} {r['server_cpu']:7.0f} {r['client_cpu']:7.0f} "
                f"{r['connect']:9.1f} {r['retries']:7d}",
                flush=True,
            )

    if "reference" in configs and len(configs) > 1:
        print("\nRatio to the bare websockets server (deliveries/s: higher is better; latency: lower is better)")
        print(f"{'configuration':24} {'clients':>7} {'room':>5} {'deliv/s':>8} {'p50':>7} {'p95':>7} {'p99':>7}")
        for clients, room_size, _pool in scenarios:
            ref = results.get(("reference", clients, room_size))
            for config in configs:
                r = results.get((config, clients, room_size))
                if config == "reference" or not r or not ref or not ref["per_second"]:
                    continue
                print(
                    f"{labels[config]:24} {clients:7d} {room_size:5d} {r['per_second'] / ref['per_second']:8.2f} "
                    f"{r['p50'] / ref['p50']:7.1f} {r['p95'] / ref['p95']:7.1f} {r['p99'] / ref['p99']:7.1f}"
                )


if __name__ == "__main__":
    main()
