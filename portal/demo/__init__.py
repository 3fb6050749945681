"""The demo network: territories, places, accounts for every role, the public site (each app's
``demo.py``, from the facts of ``core/data/lot-network.yaml``; shared helpers in ``core.demo``).

Every loader is idempotent: it looks things up by a natural key (a slug, an e-mail) and
creates only what is missing, so a second run changes nothing.
"""


def load_all(log=print):
    """Load every app's demo data, in dependency order (search indexes filled once, at the end)."""
    from django.test.utils import override_settings

    from core.demo import quiet_indexing

    # The demo's people are fictitious: the moderation and registration e-mails the loaders'
    # actions trigger are not sent (nor printed by the console backend of `make run`).
    with quiet_indexing(), override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load_all(log)


def _load_all(log):
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
    from workspace.tickets import demo as tickets_demo

    tickets_demo.load(log=log)
    from workspace.espap import demo as espap_demo

    espap_demo.load(log=log)
    home_demo.load_content(home=home, log=log)
    from workspace.publishing import demo as publishing_demo

    publishing_demo.load(log=log)
    from workspace.placecard import demo as placecard_demo

    placecard_demo.load(log=log)
