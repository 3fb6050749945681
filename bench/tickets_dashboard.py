"""The Ticket déclic dashboard at ten years of the network's target: 5,000 tickets (500 a year)
with their sessions, attendance and claims. Prints the time and the number of queries of the
manager's dashboard beside two references measured in the same run and database: the same page
on the demo's 84 tickets (before the 5,000 are added: what the size of the data costs), and the
scheme's ticket list, 30 tickets a page (an everyday page of the same manager on the same data).
Each timed page is checked: status 200 and the figures it shows. Prints figures; not a test.

    .venv/bin/python bench/tickets_dashboard.py [N] [--repeat 15]

Uses a throw-away SQLite file (WAL, as ``make run`` serves it) in a temporary MAILLAGE_VAR_DIR,
migrated and loaded with the demo from scratch, deleted at the end; DATABASE_URL is ignored so
no real database is touched. The tickets are written with bulk_create (rows as the services
would leave them), not through the services.
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
os.environ.pop("DATABASE_URL", None)
VAR_DIR = tempfile.mkdtemp(prefix="bench-tickets-dashboard-")
os.environ["MAILLAGE_VAR_DIR"] = VAR_DIR

import django  # noqa: E402

django.setup()

from dateutil.relativedelta import relativedelta  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

FIRST = ["Lucie", "Marc", "Inès", "Paul", "Élodie", "Hugo", "Zoé", "Rémi", "Chloé", "Noé", "Léa", "Jérôme"]
LAST = ["Bessières", "Delmas", "Lacombe", "Vidal", "Cayla", "Roques", "Lafon", "Couderc", "Bouyssou", "Marty"]


class QueryLog:
    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        return execute(sql, params, many, context)


def build(n: int, rng: random.Random) -> int:
    """``n`` tickets issued over the last ten years by the demo's organisations, registered at
    its partner places, in every state, with their attendance and claims. Returns how many."""
    from workspace.tickets.models import (
        CONSENT_WORDING,
        VALIDITY_MONTHS,
        Attendance,
        Beneficiary,
        Claim,
        CourseModule,
        Enrolment,
        Framework,
        Organisation,
        PartnerPlace,
        Public,
        Session,
        Ticket,
    )

    organisations = list(Organisation.objects.all())
    partners = list(PartnerPlace.objects.all())
    modules = list(CourseModule.objects.all())
    framework = Framework.objects.get(is_default=True)
    now, today = timezone.now(), timezone.localdate()
    people = [
        Beneficiary(
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            public=rng.choice(Public.values),
            commune="Cahors",
            consent_at=now,
            consent_text=str(CONSENT_WORDING),
        )
        for _ in range(n)
    ]
    Beneficiary.objects.bulk_create(people, batch_size=500)
    S = Ticket.Status
    tickets, attended = [], {}
    for person in people:
        issued_on = today - datetime.timedelta(days=rng.randint(0, 3650))
        expires_on = issued_on + relativedelta(months=VALIDITY_MONTHS)
        if expires_on < today:
            status = rng.choices([S.COMPLETED, S.EXPIRED, S.CLOSED, S.CANCELLED], [55, 25, 12, 8])[0]
        else:
            status = rng.choices(
                [S.ISSUED, S.REGISTERED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED, S.CANCELLED], [18, 10, 35, 30, 4, 3]
            )[0]
        ticket = Ticket(
            organisation=rng.choice(organisations),
            beneficiary=person,
            issued_on=issued_on,
            expires_on=expires_on,
            status=status,
            framework=framework,
        )
        if status not in (S.ISSUED, S.CANCELLED) and not (status == S.EXPIRED and rng.random() < 0.5):
            ticket.place = rng.choice(partners)
            registered = issued_on + datetime.timedelta(days=rng.randint(1, 40))
            ticket.registered_at = timezone.make_aware(
                datetime.datetime.combine(min(registered, today), datetime.time(10))
            )
        if status in (S.COMPLETED, S.CLOSED, S.EXPIRED, S.CANCELLED):
            ended = min(issued_on + datetime.timedelta(days=rng.randint(60, 360)), today)
            ticket.ended_at = timezone.make_aware(datetime.datetime.combine(ended, datetime.time(18)))
        tickets.append(ticket)
        if ticket.place is not None:
            attended[len(tickets) - 1] = {
                S.COMPLETED: 10,
                S.IN_PROGRESS: rng.randint(1, 9),
                S.CLOSED: rng.randint(1, 6),
                S.EXPIRED: rng.randint(0, 4),
                S.REGISTERED: 0,
            }[status]
    Ticket.objects.bulk_create(tickets, batch_size=500)

    cohorts = defaultdict(list)  # per place, groups of five learners who follow ten sessions together
    sessions, seats = [], []
    for index, count in attended.items():
        ticket = tickets[index]
        pool = cohorts[ticket.place_id]
        if not pool or pool[-1]["members"] >= 5:
            first = ticket.registered_at + datetime.timedelta(days=14)
            group = [
                Session(place=ticket.place, starts_at=first + datetime.timedelta(days=7 * k), module=modules[k])
                for k in range(10)
            ]
            sessions += group
            pool.append({"sessions": group, "members": 0})
        pool[-1]["members"] += 1
        seats += [(session, ticket) for session in pool[-1]["sessions"][:count]]
    Session.objects.bulk_create(sessions, batch_size=500)
    Enrolment.objects.bulk_create(
        [Enrolment(session=session, ticket=ticket, attendance=Attendance.PRESENT) for session, ticket in seats],
        batch_size=1000,
    )
    claims = []
    for ticket in tickets:
        if ticket.status != S.COMPLETED:
            continue
        state = rng.choices([Claim.Status.PAID, Claim.Status.VALIDATED, Claim.Status.OPEN], [70, 15, 15])[0]
        claim = Claim(ticket=ticket, place=ticket.place, status=state)
        if state == Claim.Status.PAID:
            claim.paid_on = min(ticket.ended_at.date() + datetime.timedelta(days=30), today)
            claim.payment_reference = f"VIR-{ticket.pk}"
        claims.append(claim)
    Claim.objects.bulk_create(claims, batch_size=500)
    return len(tickets)


def measure(client, url, repeat, check):
    response = client.get(url)  # warm: templates, the first query plans
    queries = QueryLog()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    check(response)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return len(queries.statements), statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=5000, help="tickets to add (default 5000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page (default 15)")
    args = parser.parse_args()
    setup_test_environment()
    try:
        print(f"Preparing a demo network in {VAR_DIR} …", flush=True)
        call_command("migrate", verbosity=0)
        call_command("load_demo", "--quiet-accounts", verbosity=0, stdout=open(os.devnull, "w"))
        run(args)
    finally:
        connection.close()
        shutil.rmtree(VAR_DIR, ignore_errors=True)


def run(args):
    from core.demo import demo_user
    from workspace.tickets.models import Enrolment, Ticket

    manager = demo_user("gestionnaire.ticket")
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(manager)
    dashboard, listing = "/espace/tickets/tableau/", "/espace/tickets/liste/"

    def dashboard_shows(total):
        def check(response):
            assert response.status_code == 200, response.status_code
            assert response.context["fig"]["total"] == total, (response.context["fig"]["total"], total)
            body = response.content.decode()
            assert 'id="chart-ticket-status"' in body and "chart-ticket-split" in body

        return check

    def list_shows(response):
        assert response.status_code == 200, response.status_code
        assert response.content.decode().count('class="tk-ref"') == 30

    rows = []
    demo = Ticket.objects.count()
    rows.append((f"dashboard, demo ({demo} tickets)", *measure(client, dashboard, args.repeat, dashboard_shows(demo))))
    start = time.perf_counter()
    added = build(args.n, random.Random(46))
    total = Ticket.objects.count()
    print(
        f"{added} tickets added in {time.perf_counter() - start:.1f} s "
        f"({Enrolment.objects.count()} attendances, {total} tickets in all)\n"
    )
    rows.append((f"dashboard ({total} tickets)", *measure(client, dashboard, args.repeat, dashboard_shows(total))))
    rows.append((f"ticket list, 30 a page ({total})", *measure(client, listing, args.repeat, list_shows)))
    print(f"manager's pages, {args.repeat} requests each, Django test client, SQLite (WAL)")
    print(f"{'page':40} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
    for label, queries, median, p95 in rows:
        print(f"{label:40} {queries:>8} {median:>10.1f} {p95:>8.1f}")
    print(
        f"\nthe dashboard with {total} tickets: {rows[1][2] / rows[0][2]:.1f}× the demo's time, "
        f"{rows[1][2] / rows[2][2]:.1f}× the ticket list's; queries {rows[0][1]} → {rows[1][1]}"
    )


if __name__ == "__main__":
    main()
