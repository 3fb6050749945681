"""The chat page hands its script what the server decides: the socket's address, the open room's
messages address and the reactions it accepts; the script writes none of them itself."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from workspace.chat import services

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[3] / "static" / "chat" / "js" / "chat.js"


def test_the_page_gives_the_script_its_addresses_and_reactions(client, create_user):
    anne, bruno = create_user(first_name="Anne"), create_user(first_name="Bruno")
    room = services.room_direct_open(user=anne, other=bruno)
    client.force_login(anne)
    html = client.get(f"/espace/discussion/?salon={room.pk}").content.decode()
    root = re.search(r"<div class=\"chat\" data-chat [^>]*>", html).group(0)
    assert 'data-socket-url="/ws/?modules=chat"' in root
    assert f'data-messages-url="{reverse("chat-api-messages", args=[room.pk])}"' in root
    reactions = re.search(r'<script id="chat-reactions" type="application/json">(.*?)</script>', html).group(1)
    assert json.loads(reactions) == list(services.ALLOWED_REACTIONS)


def test_the_script_writes_no_address_and_no_reaction():
    source = SCRIPT.read_text()
    assert "/espace/" not in source and '"/ws/' not in source
    assert not any(emoji in source for emoji in services.ALLOWED_REACTIONS)
