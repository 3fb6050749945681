"""What the HTTP benches share: a free loopback port, and client threads timing requests."""

import socket
import statistics
import threading
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_clients(clients: int, per_client: int, request_once) -> dict:
    """``clients`` threads each call ``request_once(client_number)`` ``per_client`` times; it
    returns None when the answer is right (status and content checked) or says what was wrong.
    Only right answers are timed. Returns rate (right answers/s), p50 and p95 in ms, and the
    list of what was wrong."""
    timings, failures, lock = [], [], threading.Lock()

    def client(number):
        for _ in range(per_client):
            started = time.perf_counter()
            try:
                wrong = request_once(number)
            except OSError as error:
                wrong = repr(error)
            elapsed = time.perf_counter() - started
            with lock:
                if wrong is None:
                    timings.append(elapsed)
                else:
                    failures.append(wrong)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    timings.sort()
    nan = float("nan")
    return {
        "rate": len(timings) / elapsed,
        "p50": statistics.median(timings) * 1000 if timings else nan,
        "p95": timings[int(0.95 * (len(timings) - 1))] * 1000 if timings else nan,
        "failures": failures,
    }


def demo_site(root, python, prefix="maillage-bench-") -> dict:
    """A throw-away demo site served as ``make run`` serves it (DEBUG off, embedded default):
    migrate, collectstatic and load_demo in a new MAILLAGE_VAR_DIR. Returns the environment."""
    import os
    import subprocess
    import tempfile

    var_dir = tempfile.mkdtemp(prefix=prefix)
    env = {**os.environ, "MAILLAGE_VAR_DIR": var_dir, "DEBUG": "0", "MAILLAGE_LOCAL_SERVER": "1", "LOG_LEVEL": "ERROR"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    print(f"Preparing a demo site in {var_dir} …", flush=True)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo", "--quiet-accounts"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    return env
