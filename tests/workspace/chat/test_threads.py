"""Private threads: started from the chat page with a few of one's contacts, seen by them only."""

import pytest
from django.urls import reverse

from workspace.chat import services as chat
from workspace.chat.models import THREAD_MAX_MEMBERS, Room
from workspace.contacts import services as contacts


def befriend(a, b):
    request = contacts.contact_request_send(sender=a, recipient=b)
    contacts.contact_request_accept(user=b, request=request)


@pytest.fixture
def circle(create_user):
    anne = create_user(first_name="Anne", last_name="Delpech")
    friends = [create_user(first_name=f"Ami{i}", last_name="Lot") for i in range(THREAD_MAX_MEMBERS)]
    for friend in friends:
        befriend(anne, friend)
    return anne, friends


@pytest.mark.django_db
class TestNewThread:
    def test_the_chat_page_leads_to_the_form_which_lists_her_contacts(self, circle, client):
        anne, friends = circle
        client.force_login(anne)
        page = client.get(reverse("chat")).content.decode()
        assert reverse("chat-thread-new") in page
        form = client.get(reverse("chat-thread-new")).content.decode()
        assert "Ami0 Lot" in form and "Ami7 Lot" in form

    def test_starting_a_thread_opens_it_for_its_members_only(self, circle, client, create_user):
        anne, friends = circle
        outsider = create_user(first_name="Zoé", last_name="Dehors")
        client.force_login(anne)
        response = client.post(
            reverse("chat-thread-new"), {"name": "Atelier photo", "members": [friends[0].pk, friends[1].pk]}
        )
        room = Room.objects.get(kind=Room.Kind.THREAD)
        assert response.status_code == 302 and response["Location"] == room.get_absolute_url()
        assert room.name == "Atelier photo"
        assert set(room.members.values_list("user_id", flat=True)) == {anne.pk, friends[0].pk, friends[1].pk}
        client.force_login(friends[1])
        assert "Atelier photo" in client.get(reverse("chat")).content.decode()
        client.force_login(outsider)
        assert client.get(room.get_absolute_url()).status_code == 404

    def test_too_many_members_re_displays_the_form_with_the_choices_kept(self, circle, client):
        anne, friends = circle
        client.force_login(anne)
        response = client.post(
            reverse("chat-thread-new"), {"name": "Tout le monde", "members": [f.pk for f in friends]}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert f"au plus {THREAD_MAX_MEMBERS} personnes" in page
        assert 'value="Tout le monde"' in page and page.count("checked") == THREAD_MAX_MEMBERS
        assert not Room.objects.filter(kind=Room.Kind.THREAD).exists()

    def test_only_contacts_can_be_chosen(self, circle, client, create_user):
        anne, _ = circle
        stranger = create_user(first_name="Inconnu", last_name="Lot")
        client.force_login(anne)
        response = client.post(reverse("chat-thread-new"), {"members": [stranger.pk]})
        assert response.status_code == 200 and not Room.objects.filter(kind=Room.Kind.THREAD).exists()

    def test_a_member_who_blocked_her_cannot_be_added(self, circle):
        anne, friends = circle
        contacts.member_block(user=friends[0], other=anne)
        with pytest.raises(chat.ChatError) as refused:
            chat.room_thread_create(user=anne, members=[friends[0], friends[1]])
        assert refused.value.code == "blocked"

    def test_without_contacts_the_page_says_how_to_find_some(self, client, create_user):
        client.force_login(create_user())
        page = client.get(reverse("chat-thread-new")).content.decode()
        assert reverse("contacts-home") in page and 'name="members"' not in page
