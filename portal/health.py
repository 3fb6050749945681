"""/healthz: the state of each component the site depends on, checked for real."""

import shutil
import time
import uuid

from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

MIN_FREE_BYTES = 200 * 1024 * 1024


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise RuntimeError("value written was not read back")
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_channel_layer():
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def roundtrip():
        import asyncio

        channel = await layer.new_channel("healthz.")
        await layer.send(channel, {"type": "healthz.ping"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=3)
        if message.get("type") != "healthz.ping":
            raise RuntimeError("unexpected message")

    async_to_sync(roundtrip)()
    return {"backend": type(layer).__name__}


def check_search():
    from haystack import connections

    backend = connections["default"].get_backend()
    engine = settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"]
    if engine.endswith("WhooshEngine"):
        from whoosh import index as whoosh_index

        path = settings.HAYSTACK_CONNECTIONS["default"]["PATH"]
        if not whoosh_index.exists_in(path):
            raise RuntimeError("the search index has not been built (manage.py rebuild_index)")
        with whoosh_index.open_dir(path).searcher() as searcher:
            return {"backend": "whoosh", "documents": searcher.doc_count()}
    backend.search("*")
    return {"backend": engine.rsplit(".", 1)[-1]}


def check_disk():
    var_dir = settings.VAR_DIR
    usage = shutil.disk_usage(var_dir)
    probe = var_dir / f".healthz-{uuid.uuid4().hex}"
    probe.write_text("ok")
    probe.unlink()
    if usage.free < MIN_FREE_BYTES:
        raise RuntimeError(f"only {usage.free // (1024 * 1024)} MiB free")
    return {"free_mib": usage.free // (1024 * 1024)}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "search": check_search,
    "disk": check_disk,
}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            detail = check() or {}
            results[name] = {"ok": True, **detail}
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none raised
            results[name] = {"ok": False, "error": str(exc) or type(exc).__name__}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return results


@never_cache
def healthz(request):
    checks = run_checks()
    failing = [name for name, result in checks.items() if not result["ok"]]
    payload = {"status": "ok" if not failing else "fail", "failing": failing, "checks": checks}
    return JsonResponse(payload, status=200 if not failing else 503)
