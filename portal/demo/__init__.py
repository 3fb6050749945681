"""The demo network: territories, places, accounts for every role, the public site.

Every loader is idempotent: it looks things up by a natural key (a slug, an e-mail) and
creates only what is missing, so a second run changes nothing.
"""

from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).with_name("lot-network.yaml")
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


def load_all(log=print):
    """Load every app's demo data, in dependency order."""
    from directory import demo as directory_demo
    from home import demo as home_demo
    from workspace.people import demo as people_demo

    home = home_demo.load_site(log=log)
    directory_demo.load(home=home, log=log)
    people_demo.load(log=log)
    from workspace.contacts import demo as contacts_demo

    contacts_demo.load(log=log)
    from workspace.spaces import demo as spaces_demo

    groups = spaces_demo.load(log=log)
    from workspace.notes import demo as notes_demo

    notes_demo.load(groups=groups, log=log)
    from workspace.forum import demo as forum_demo

    forum_demo.load(groups=groups, log=log)
    from workspace.files import demo as files_demo

    files_demo.load(groups=groups, log=log)
    from workspace.agenda import demo as agenda_demo

    agenda_demo.load(groups=groups, log=log)
    from workspace.chat import demo as chat_demo

    chat_demo.load(groups=groups, log=log)
    home_demo.load_content(home=home, log=log)
