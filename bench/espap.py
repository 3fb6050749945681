"""esp@p at ten years of the network's activity: 20,000 video appointments (each on its own slot)
over the demo's 9 sites and 6 advisors, weekly grids for 9 sites × 520 weeks and 3,000 survey
answers. Prints the time and the number of queries of the scheme's everyday pages (the
coordinator's dashboard on a long period and on its default one, the appointments' CSV export,
an advisor's agenda ahead and past, a mediator's overview) beside two references measured in
the same run and database: each page on the demo's three months (before the ten years are
added: what the size of the data costs), and /robots.txt (the floor of a request). Each timed
page is checked: status 200, what it must show and the figures it counts. Prints figures; not
a test.

    .venv/bin/python bench/espap.py [N] [--repeat 15] [--explain]

``--explain`` prints, for each page on the ten years, the time its queries took and its slowest
SQL statement (run again to the last row) with SQLite's query plan.

Uses a throw-away SQLite file (WAL, as ``make run`` serves it) in a temporary MAILLAGE_VAR_DIR,
migrated and loaded with the demo from scratch, deleted at the end; DATABASE_URL is ignored so
no real database is touched. The ten years are written with bulk_create (rows as the services
and the daily purge would leave them), not through the services, and all lie before the demo's
own three months: the default period (the last two months) holds the same figures before and
after.
"""

import argparse
import csv
import datetime
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
os.environ.pop("DATABASE_URL", None)
VAR_DIR = tempfile.mkdtemp(prefix="bench-espap-")
os.environ["MAILLAGE_VAR_DIR"] = VAR_DIR

import django  # noqa: E402

django.setup()

from dateutil.relativedelta import relativedelta  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

YEARS = 10
WEEKS = 520
ANSWERS = 3000
DEMO_DAYS = 92  # the demo's appointments start 91 days ago, its survey answers 140 days ago
TIMES = [(h, m) for h in (9, 10, 11, 14, 15, 16) for m in (0, 30)]  # an advisor's half hours of a day
STATUSES = {"seen": 80, "no_show": 9, "excused": 5, "cancelled": 6}


class QueryLog:
    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:  # the time to the first row: a streamed query (``iterator``) reads the rest later
            self.statements.append((sql, params, many, (time.perf_counter() - start) * 1000))


def _aware(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build(n: int, rng: random.Random) -> dict:
    """``n`` appointments over ten years before the demo's own, each on its own slot of one of
    the demo's advisors bookable at the sites of its agency, in the states the services and the
    daily purge leave them in (personal data erased); the weekly grids of every site for 520
    weeks (the demo's weeks kept) and 3,000 survey answers. Returns what was added."""
    from django.contrib.auth import get_user_model

    from core import roles
    from directory.models import PlacePage
    from workspace.espap import grids
    from workspace.espap.demo import SUBJECTS, WEIGHT
    from workspace.espap.models import Advisor, Appointment, Slot, SurveyAnswer, WeeklyGrid
    from workspace.espap.services import CONSENT_WORDING, monday

    sites = list(PlacePage.objects.filter(espap=True).order_by("path").prefetch_related("espap_agencies"))
    advisors = list(Advisor.objects.select_related("agency").order_by("pk"))
    assert len(sites) == 9 and len(advisors) == 6, (len(sites), len(advisors))
    where = {}
    for advisor in advisors:
        where[advisor.pk] = [s for s in sites if advisor.agency in s.espap_agencies.all()] or sites[:3]
    mediators = {}
    for user in (
        get_user_model().objects.filter(place__in=sites, groups__name=roles.GROUP_NAMES[roles.ANIMATOR]).order_by("pk")
    ):
        mediators.setdefault(user.place_id, user)
    coordinator = get_user_model().objects.filter(groups__name=roles.GROUP_NAMES[roles.COORDINATOR]).first()

    today = timezone.localdate()
    first, last = today - relativedelta(years=YEARS), today - datetime.timedelta(days=DEMO_DAYS)
    days = [first + datetime.timedelta(days=k) for k in range((last - first).days + 1)]
    days = [day for day in days if day.weekday() < 5]
    weights = [WEIGHT.get(a.agency.code, 1) for a in advisors]
    assert n <= len(days) * len(TIMES) * len(advisors) // 2, "too many appointments for ten years of slots"
    taken, slots, plans = set(), [], []
    while len(slots) < n:
        advisor = rng.choices(advisors, weights)[0]
        day, (hour, minute) = rng.choice(days), rng.choice(TIMES)
        if (advisor.pk, day, hour, minute) in taken:
            continue
        taken.add((advisor.pk, day, hour, minute))
        slots.append(Slot(advisor=advisor, starts_at=_aware(day, hour, minute), minutes=30))
        plans.append(rng.choices(list(STATUSES), list(STATUSES.values()))[0])

    start = time.perf_counter()
    with transaction.atomic():
        Slot.objects.bulk_create(slots, batch_size=500)
        assert slots[0].pk is not None
        field = Slot._meta.get_field("sites")
        Through = field.remote_field.through
        slot_col, site_col = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        links = [Through(**{slot_col: slot.pk, site_col: site.pk}) for slot in slots for site in where[slot.advisor_id]]
        Through.objects.bulk_create(links, batch_size=1000)

        appointments, seen = [], Counter()
        wording = str(CONSENT_WORDING)
        for slot, status in zip(slots, plans, strict=True):
            site = rng.choice(where[slot.advisor_id])
            code = slot.advisor.agency.code
            a = Appointment(
                slot=slot,
                site=site,
                agency=slot.advisor.agency,
                mediator=mediators.get(site.pk),
                status=status,
                source="public" if rng.random() < 0.2 else "mediator",
                name="—",  # erased by the daily purge ninety days after
                subject="—",
                consent_at=slot.starts_at - datetime.timedelta(days=rng.randint(2, 10)),
                consent_text=wording,
                purged_at=slot.starts_at + datetime.timedelta(days=91),
                category=rng.choice(SUBJECTS.get(code, [("", "")]))[1] if status == "seen" else "",
                reason="Empêchement de l'usager" if status == "cancelled" else "",
            )
            if status in Appointment.OUTCOMES:
                a.outcome_at = slot.ends_at
            if status == "seen":
                a.call_started_at = slot.starts_at + datetime.timedelta(minutes=rng.randint(0, 4))
                a.call_ended_at = a.call_started_at + datetime.timedelta(minutes=rng.randint(12, 28))
                seen[(site.pk, monday(timezone.localtime(slot.starts_at).date()), code)] += 1
            appointments.append(a)
        Appointment.objects.bulk_create(appointments, batch_size=500)

        this_week = monday(today)
        existing = set(WeeklyGrid.objects.values_list("site_id", "week"))
        codes = {a.agency.code for a in advisors}
        grid_rows = []
        for site in sites:
            for back in range(1, WEEKS + 1):
                week = this_week - datetime.timedelta(weeks=back)
                if (site.pk, week) in existing:
                    continue
                grid_rows.append(
                    WeeklyGrid(
                        site=site,
                        week=week,
                        services={key: rng.randint(0, 18) for key in grids.SERVICE_KEYS},
                        visio={code: seen[(site.pk, week, code)] for code in codes if seen[(site.pk, week, code)]},
                        publics={key: rng.randint(0, 12) for key in grids.PUBLIC_KEYS},
                        updated_by=mediators.get(site.pk),
                        validated_by=coordinator,
                        validated_at=_aware(week + datetime.timedelta(days=9), 10),
                    )
                )
        WeeklyGrid.objects.bulk_create(grid_rows, batch_size=500)

        services = ["information", "documents", "online_help", "scan_print_send", "guided_search", "visio"]
        agencies = [a.agency for a in advisors]
        answers = []
        for _n in range(ANSWERS):
            satisfaction = 4 if rng.random() < 0.62 else (3 if rng.random() < 0.92 else 2)
            used = rng.sample(services, rng.randint(1, 3))
            answers.append(
                SurveyAnswer(
                    site=rng.choice(sites),
                    agency=rng.choice(agencies) if "visio" in used else None,
                    answered_on=rng.choice(days),
                    answers={
                        "services": used,
                        "mediator_help": min(4, satisfaction + rng.randint(0, 1)),
                        "come_back": rng.random() < 0.93,
                        "heard_from": rng.choice(["town_hall", "word_of_mouth", "press", "agency", "place"]),
                    },
                    satisfaction=satisfaction,
                    would_recommend=rng.random() < (0.97 if satisfaction >= 3 else 0.4),
                    comment=rng.choice(["", "", "", "Très bon accueil, merci à l'animatrice."]),
                )
            )
        SurveyAnswer.objects.bulk_create(answers, batch_size=500)
    return {
        "appointments": len(appointments),
        "slots": len(slots),
        "slot sites": len(links),
        "grids": len(grid_rows),
        "answers": len(answers),
        "seconds": time.perf_counter() - start,
    }


def measure(client, url, repeat, check):
    """(queries, median ms, p95 ms, the statements of one request, what ``check`` says)."""
    response = client.get(url)  # warm: templates, the first query plans
    queries = QueryLog()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    note = check(response)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return len(queries.statements), statistics.median(times), times[int(0.95 * (len(times) - 1))], queries, note


def slowest(queries) -> tuple[float, str, object, list]:
    """The slowest SELECT of a request, run again to its last row: (ms, sql, params, plan)."""
    best = (0.0, "", None, [])
    with connection.cursor() as cursor:
        for sql, params, many, _ms in queries.statements:
            if many or not sql.lstrip().upper().startswith("SELECT"):
                continue
            start = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            ms = (time.perf_counter() - start) * 1000
            if ms > best[0]:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                best = (ms, sql, params, [row[-1] for row in cursor.fetchall()])
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=20000, help="appointments to add (default 20000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page (default 15)")
    parser.add_argument("--explain", action="store_true", help="print each page's slowest SQL and its plan")
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
        # the test settings' own temporary folder (media, search index), when this process made it
        scratch = Path(settings.MEDIA_ROOT).parent
        if not os.environ.get("MAILLAGE_TEST_MEDIA_ROOT") and scratch.name.startswith("maillage-test-main-"):
            shutil.rmtree(scratch, ignore_errors=True)


def run(args):
    from core.demo import demo_user
    from workspace.espap import selectors
    from workspace.espap.models import Appointment

    today = timezone.localdate()
    ten_years, five_years = today - relativedelta(years=YEARS), today - relativedelta(years=5)
    default_start, default_end = selectors.default_period(today)
    coordinator, advisor_user, mediator = (
        demo_user("coordinateur"),
        demo_user("conseiller.caf"),
        demo_user("animateur1"),
    )
    clients = {}
    for key, user in (("coordinator", coordinator), ("advisor", advisor_user), ("mediator", mediator)):
        assert user is not None, key
        clients[key] = Client(HTTP_ACCEPT_LANGUAGE="fr")
        clients[key].force_login(user)
    clients["anonymous"] = Client(HTTP_ACCEPT_LANGUAGE="fr")
    agency = advisor_user.espap_advisor.agency

    def in_period(start, end):
        return Appointment.objects.filter(
            slot__starts_at__gte=selectors.aware(start),
            slot__starts_at__lt=selectors.aware(end + datetime.timedelta(days=1)),
        )

    def dashboard_shows(start, end):
        if (end - start).days > selectors.MAX_PERIOD_DAYS:  # the form refuses it: the last two months
            start, end = default_start, default_end

        def check(response):
            assert response.status_code == 200, response.status_code
            fig = response.context["fig"]
            assert (fig["start"], fig["end"]) == (start, end), (fig["start"], fig["end"], start, end)
            expected = in_period(start, end).count()
            assert fig["totals"]["total"] == expected, (fig["totals"]["total"], expected)
            assert "Cyber-base de Gourdon" in response.content.decode()
            return f"{expected} appointments, {start:%Y-%m-%d} → {end:%Y-%m-%d}"

        return check

    def export_lists(start, end):
        def check(response):
            assert response.status_code == 200, response.status_code
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
            expected = in_period(start, end).count()
            assert len(rows) - 1 == expected, (len(rows) - 1, expected)
            return f"{expected} rows, {len(response.content) / 1024:.0f} kB"

        return check

    def agenda_shows(past):
        def check(response):
            assert response.status_code == 200, response.status_code
            assert "CAF" in response.content.decode()
            shown = sum(len(items) for _day, items in response.context["days"])
            mine = Appointment.objects.filter(agency=agency)
            if past:
                mine = mine.filter(slot__starts_at__lt=timezone.now())
            else:
                mine = mine.filter(slot__starts_at__gte=selectors.aware(timezone.localdate()))
            expected = min(300, mine.count())
            assert shown == expected, (shown, expected)
            return f"{shown} shown"

        return check

    def overview_shows(response):
        assert response.status_code == 200, response.status_code
        site = response.context["site"]
        assert site is not None and site.title in response.content.decode()
        return site.title

    def robots(response):
        assert response.status_code == 200, response.status_code

    def period(start, end):
        return f"du={start:%Y-%m-%d}&au={end:%Y-%m-%d}"

    dashboard, export = "/espace/espap/tableau/", "/espace/espap/tableau/export-rendez-vous.csv"
    pages = [
        ("dashboard, 10 years asked", "coordinator", f"{dashboard}?{period(ten_years, today)}"),
        ("dashboard, 5 years (longest)", "coordinator", f"{dashboard}?{period(five_years, today)}"),
        ("dashboard, last 2 months", "coordinator", dashboard),
        ("CSV export, 5 years", "coordinator", f"{export}?{period(five_years, today)}"),
        ("CSV export, 10 years asked", "coordinator", f"{export}?{period(ten_years, today)}"),
        ("advisor's agenda, ahead", "advisor", "/espace/espap/rendez-vous/"),
        ("advisor's agenda, past", "advisor", "/espace/espap/rendez-vous/?passes=1"),
        ("mediator's overview", "mediator", "/espace/espap/"),
        ("/robots.txt (floor)", "anonymous", "/robots.txt"),
    ]
    checks = {
        "dashboard, 10 years asked": dashboard_shows(ten_years, today),
        "dashboard, 5 years (longest)": dashboard_shows(five_years, today),
        "dashboard, last 2 months": dashboard_shows(default_start, default_end),
        "CSV export, 5 years": export_lists(five_years, today),
        # the export refuses a period the form refuses, silently: the last two months
        "CSV export, 10 years asked": export_lists(default_start, default_end),
        "advisor's agenda, ahead": agenda_shows(False),
        "advisor's agenda, past": agenda_shows(True),
        "mediator's overview": overview_shows,
        "/robots.txt (floor)": robots,
    }

    def measure_all():
        return {label: measure(clients[who], url, args.repeat, checks[label]) for label, who, url in pages}

    demo = Appointment.objects.count()
    print(f"measuring on the demo ({demo} appointments) …", flush=True)
    before = measure_all()
    added = build(args.n, random.Random(46))
    total = Appointment.objects.count()
    print(
        f"{added['appointments']} appointments added in {added['seconds']:.1f} s ({added['slots']} slots, "
        f"{added['slot sites']} slot-site links, {added['grids']} weekly grids, {added['answers']} survey "
        f"answers; {total} appointments in all)",
        flush=True,
    )
    after = measure_all()

    print(f"\nesp@p pages, {args.repeat} requests each, Django test client, SQLite (WAL); demo = {demo} appointments")
    print(
        f"{'page':31} {'queries':>7} {'median ms':>9} {'p95 ms':>7} │ {'demo q':>6} {'demo ms':>8} "
        f"{'ratio':>6}   shows (ten years)"
    )
    for label, _who, _url in pages:
        queries, median, p95, _log, note = after[label]
        q0, m0 = before[label][0], before[label][1]
        print(
            f"{label:31} {queries:>7} {median:>9.1f} {p95:>7.1f} │ {q0:>6} {m0:>8.1f} {median / m0:>5.1f}×"
            f"   {note or ''}"
        )
    floor = after["/robots.txt (floor)"][1]
    print(
        f"\nthe 5-year dashboard: {after['dashboard, 5 years (longest)'][1] / floor:.0f}× the floor; "
        f"the 5-year CSV export: {after['CSV export, 5 years'][1] / floor:.0f}× the floor. "
        f"A period over {selectors.MAX_PERIOD_DAYS} days is refused: the dashboard and the export "
        "show the last two months instead."
    )
    if args.explain:
        print("\nthe slowest SQL statement of each page on the ten years (run again to its last row):")
        for label, _who, _url in pages[:-1]:
            median, log = after[label][1], after[label][3]
            ms, sql, params, plan = slowest(log)
            executing = sum(statement[3] for statement in log.statements)
            print(
                f"\n— {label}: {len(log.statements)} queries executed in {executing:.1f} ms of the page's "
                f"{median:.1f} ms median; the slowest, run to its last row: {ms:.1f} ms"
            )
            columns = sql.find(" FROM ")
            print(f"  SELECT … {sql[columns + 1 :]}" if sql.startswith("SELECT") and columns > 400 else f"  {sql}")
            print(f"  params: {params}")
            for line in plan:
                print(f"  plan: {line}")


if __name__ == "__main__":
    main()
