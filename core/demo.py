"""What every app's demo loader shares: the facts of the network and the demo accounts.

The facts (territories, places, schemes, partners…) are structured in ``core/data/
lot-network.yaml``, from the network's own documents. Each app loads its demo data from its
``demo.py``; ``portal/demo`` runs them in order (``manage.py load_demo``).
"""

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
