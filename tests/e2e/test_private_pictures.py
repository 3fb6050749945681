"""Private pictures still show in the browser: a contact's post image and a member's photo load
through their checked addresses; a visitor who is not logged in gets no picture."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.helpers import log_in
from workspace.contacts import services as contacts
from workspace.people import services as people

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("image.png", buffer.getvalue(), content_type="image/png")


def test_a_contact_sees_the_pictures_a_visitor_does_not(new_page, create_user, screenshot):
    aurelie = create_user(first_name="Aurélie", last_name="Maury")
    lucie = create_user(first_name="Lucie", last_name="Bonnefous")
    contacts.contact_request_accept(user=lucie, request=contacts.contact_request_send(sender=aurelie, recipient=lucie))
    people.profile_update(user=aurelie, data={"photo": png(48, 48)})
    post = contacts.post_create(
        author=aurelie, text="Atelier tablettes jeudi", visibility="contacts", image=png(60, 40)
    )

    page = new_page()
    log_in(page, lucie)
    page.goto("/espace/contacts/fil/")
    expect(page.locator(f'img[src="{post.image_url}"]')).to_have_js_property("naturalWidth", 60)
    page.goto(f"/espace/membres/{aurelie.pk}/")
    expect(page.locator(f'img[src="{aurelie.photo_url}"]')).to_have_js_property("naturalWidth", 48)
    screenshot(page, "profile")

    visitor = new_page()
    for url in (post.image_url, aurelie.photo_url):
        response = visitor.request.get(url, max_redirects=0)
        assert response.status == 302 and "/compte/connexion/" in response.headers["location"]
