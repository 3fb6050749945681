"""What every app's demo loader shares: the facts of the network and the demo accounts.

The facts (territories, places, schemes, partners…) are structured in ``core/data/
lot-network.yaml``, from the network's own documents. Each app loads its demo data from its
``demo.py``; ``portal/demo`` runs them in order (``manage.py load_demo``).
"""

import datetime as dt
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "lot-network.yaml"
DEMO_DOMAIN = "demo.maillage.test"


@cache
def network_data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


def demo_user(local_part: str):
    """The demo account ``local_part``@…, or None when it was not loaded."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=demo_email(local_part)).first()


# --- The communes of the Lot ----------------------------------------------------------------

COMMUNES_FILE = Path(__file__).parent / "data" / "lot-communes.csv"


@cache
def lot_communes() -> dict[str, dict]:
    """The real communes of the demo, by official name: INSEE code, postcode, coordinates, territory.

    From ``core/data/lot-communes.csv`` (INSEE and La Poste data; its header says where from).
    """
    import csv

    lines = [line for line in COMMUNES_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    communes = {}
    for row in csv.DictReader(lines):
        row["latitude"], row["longitude"] = float(row["latitude"]), float(row["longitude"])
        communes[row["commune"]] = row
    return communes


# --- Dates: working days, daytime hours --------------------------------------------------------


def easter(year: int) -> dt.date:
    """Easter Sunday (the Gregorian computus, "anonymous" algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def french_public_holidays(year: int) -> frozenset:
    """The eleven public holidays of metropolitan France that year."""
    sunday = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [sunday + dt.timedelta(days=n) for n in (1, 39, 50)]  # Easter Monday, Ascension, Whit Monday
    return frozenset([dt.date(year, m, d) for m, d in fixed] + moving)


def is_public_holiday(day: dt.date) -> bool:
    return day in french_public_holidays(day.year)


def is_working_day(day: dt.date, *, saturday: bool = False) -> bool:
    """A weekday (or a Saturday, when allowed) that is not a public holiday."""
    return (day.weekday() < 5 or (saturday and day.weekday() == 5)) and not is_public_holiday(day)


def next_working_day(day: dt.date, *, saturday: bool = False, backwards: bool = False) -> dt.date:
    """``day`` itself when it is a working day, else the next one (the previous one, ``backwards``)."""
    step = dt.timedelta(days=-1 if backwards else 1)
    while not is_working_day(day, saturday=saturday):
        day += step
    return day


# Opening hours of demo activities: a morning and an afternoon session.
MORNING = (9, 12)
AFTERNOON = (14, 18)


def daytime(day: dt.date, hour: int, minute: int = 0, *, hours: float = 2) -> tuple[dt.datetime, dt.datetime]:
    """(start, end), aware, moved into 9:00–12:00 or 14:00–18:00 so that the whole activity fits.

    Saturdays have no afternoon: a Saturday activity moves to the morning.
    """
    from django.utils import timezone

    start_minutes = hour * 60 + minute
    length = int(hours * 60)
    sessions = [MORNING] if day.weekday() == 5 else [MORNING, AFTERNOON]
    for low, high in sessions:
        if low * 60 <= start_minutes and start_minutes + length <= high * 60:
            break
    else:
        # the session nearest to the hour asked for, and the latest start that fits in it
        low, high = min(sessions, key=lambda s: abs(s[0] * 60 - start_minutes))
        if length > (high - low) * 60:  # a whole day (a meeting): 9:00 and no later than 18:00
            low, high = MORNING[0], AFTERNOON[1]
        start_minutes = max(low * 60, min(start_minutes, high * 60 - length))
        length = min(length, (high - low) * 60)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(start_minutes // 60, start_minutes % 60), tzinfo=tz)
    return start, start + dt.timedelta(minutes=length)


def working_datetime(moment: dt.datetime, *, hours: float = 1, saturday: bool = False, backwards: bool = False):
    """``moment`` moved to a working day (see next_working_day) and into daytime hours (see daytime)."""
    from django.utils import timezone

    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    day = next_working_day(local.date(), saturday=saturday, backwards=backwards)
    return daytime(day, local.hour, local.minute, hours=hours)


# --- Loading fast -----------------------------------------------------------------------------


@contextmanager
def quiet_indexing():
    """Load many objects without indexing each one as it is saved.

    The haystack (site search) signals are off: ``rebuild_index`` runs after the demo (Makefile).
    The Wagtail admin search index (modelsearch) and Wagtail's reference index are filled once, at
    the end, for what was saved.
    """
    from django.apps import apps
    from django.db.models.signals import post_save
    from modelcluster.fields import ParentalKey
    from modelsearch import signal_handlers
    from modelsearch.backends import get_search_backends
    from modelsearch.index import get_indexed_models
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update

    processor = apps.get_app_config("haystack").signal_processor
    searched: dict = {}
    referenced: dict = {}

    def note(sender, instance, raw=False, **kwargs):
        if raw:
            return
        if sender in search_models:
            searched.setdefault(sender, set()).add(instance.pk)
        if sender in reference_models:
            referenced.setdefault(sender, set()).add(instance.pk)

    search_models = {m for m in get_indexed_models() if getattr(m, "search_auto_update", True)}
    # a child object (a ParentalKey) is indexed with its parent, which is saved with it
    reference_models = {
        m
        for m in ReferenceIndex.tracked_models
        if not any(isinstance(field, ParentalKey) for field in m._meta.get_fields())
    }
    if processor is not None:
        processor.teardown()
    for model in search_models:
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
    post_save.connect(note, weak=False, dispatch_uid="demo-quiet-indexing")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="demo-quiet-indexing")
        for model in search_models:
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)
        if processor is not None:
            processor.setup()
    backends = list(get_search_backends(with_auto_update=True))
    for model, pks in searched.items():
        objects = list(model.objects.filter(pk__in=pks))
        for backend in backends:
            if objects:
                backend.add_bulk(model, objects)
    for model, pks in referenced.items():
        for instance in model.objects.filter(pk__in=pks):
            ReferenceIndex.create_or_update_for_object(instance)
