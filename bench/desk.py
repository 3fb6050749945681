"""The desk under load: queries and time of the desk page as groups, notes, topics and files
pile up, with every widget on it. Prints figures; not a test.

    MAILLAGE_VAR_DIR=/tmp/bench-desk .venv/bin/python bench/desk.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("MAILLAGE_VAR_DIR", tempfile.mkdtemp(prefix="bench-desk-"))

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


class QueryLog:
    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        return execute(sql, params, many, context)


def main():
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def run():
    from workspace.dashboard import registry
    from workspace.dashboard import services as desk_services
    from workspace.files import services as files_services
    from workspace.forum import services as forum_services
    from workspace.notes import services as notes_services
    from workspace.people import services as people_services
    from workspace.spaces import services as space_services

    user = people_services.user_create(email="bench@exemple.test", password="x-bench-123", first_name="Bench")
    desk = user.personal_space
    items = [{"widget": w.slug, "count": 10} for w in registry.available_for(desk)]
    desk_services.layout_save(space=desk, actor=user, items=items)
    client = Client()
    client.force_login(user)
    print(f"desk with {len(items)} widgets, each showing 10 items")
    print(f"{'groups':>7} {'notes':>6} {'topics':>7} {'files':>6} {'queries':>8} {'median ms':>10}")
    groups = 0
    for target in (0, 5, 20, 50):
        while groups < target:
            group = space_services.group_create(creator=user, name=f"Groupe {groups}")
            for i in range(3):
                notes_services.note_create(space=group, author=user, title=f"Note {i}")
                forum_services.topic_create(space=group, author=user, title=f"Sujet {i}", body="Bonjour")
                files_services.file_upload(space=group, actor=user, upload=SimpleUploadedFile(f"f{i}.txt", b"bonjour"))
            groups += 1
        assert client.get("/espace/").status_code == 200
        queries = QueryLog()
        with connection.execute_wrapper(queries):
            response = client.get("/espace/")
        assert response.status_code == 200 and response.content.count(b'class="card ws-widget ') == len(items)
        times = []
        for _ in range(15):
            start = time.perf_counter()
            client.get("/espace/")
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{groups:>7} {groups * 3:>6} {groups * 3:>7} {groups * 3:>6} "
            f"{len(queries.statements):>8} {statistics.median(times):>10.1f}"
        )


if __name__ == "__main__":
    main()
