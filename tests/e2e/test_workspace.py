"""The workspace in the browser: the desk, a working group from creation to shared file, the
privacy of files, an archived group."""

import pytest
from playwright.sync_api import expect

from core import roles
from tests.e2e.conftest import assert_accessible
from tests.e2e.helpers import log_in
from workspace.spaces import services as space_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site():
    from home.demo import load_site

    return load_site(log=lambda *a, **k: None)


@pytest.fixture
def animator(create_user):
    def make(first_name, email):
        user = create_user(role=roles.ANIMATOR, first_name=first_name, last_name="Lafon", email=email)
        space_services.member_spaces_ensure(user=user)
        return user

    return make


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_url("**/")


def widget_titles(page):
    return page.locator(".ws-widget .ws-widget-title").all_inner_texts()


def test_an_animator_rearranges_the_desk_and_finds_it_again(site, new_page, screenshot, animator):
    camille = animator("Camille", "camille@exemple.test")
    page = new_page()
    log_in(page, camille)
    before = widget_titles(page)
    assert len(before) >= 3
    page.get_by_role("link", name="Organiser mon bureau").click()
    assert_accessible(page)
    # keyboard: move the first card down with its button
    first = page.locator(".ws-widget").first
    first.get_by_role("button", name=f"Descendre « {before[0]} »").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ws-widgets")).to_have_attribute("data-saved", "1")
    # mouse: drag the last card to the top
    cards = page.locator(".ws-widget")
    cards.last.locator(".ws-handle").drag_to(cards.first, target_position={"x": 20, "y": 5})
    page.wait_for_timeout(300)
    # remove one and add the forum widget if it is not there
    page.get_by_role("button", name=f"Retirer « {before[-1]} »").click()
    page.wait_for_url("**/espace/?disposer=1*")
    arranged = widget_titles(page)
    assert arranged != before and before[-1] not in arranged
    screenshot(page, "desk-arranged")
    log_out(page)
    log_in(page, camille)
    assert widget_titles(page) == arranged
    screenshot(page, "desk-again")


def test_a_group_from_creation_to_a_shared_file(site, new_page, screenshot, animator, tmp_path):
    camille = animator("Camille", "camille@exemple.test")
    julien = animator("Julien", "julien@exemple.test")
    page = new_page()
    log_in(page, camille)
    page.get_by_role("link", name="Tous les groupes").first.click()
    page.get_by_role("link", name="Créer un groupe").click()
    page.get_by_label("Nom").fill("Atelier seniors")
    page.get_by_label("Objet").fill("Préparer les ateliers numériques pour les seniors.")
    page.get_by_role("button", name="Créer le groupe").click()
    page.get_by_label("Nom ou adresse électronique").fill("julien@exemple.test")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    assert page.get_by_text("Invitation envoyée").is_visible()
    assert_accessible(page)
    page.locator(".ws-nav").get_by_role("link", name="Forum", exact=True).click()
    page.get_by_role("link", name="Nouveau sujet").click()
    page.get_by_label("Titre").fill("Dates des ateliers")
    page.get_by_label("Message").fill("Je propose les mardis matin.")
    page.get_by_role("button", name="Publier").click()
    assert page.get_by_role("heading", name="Dates des ateliers").is_visible()
    log_out(page)

    log_in(page, julien)
    assert page.locator(".bell-count").inner_text() == "1"
    page.get_by_role("button", name="Accepter").first.click()
    page.wait_for_url("**/atelier-seniors/")
    page.locator(".ws-nav").get_by_role("link", name="Forum", exact=True).click()
    page.get_by_role("link", name="Dates des ateliers").click()
    page.get_by_label("Votre réponse").fill("Mardi me va très bien.")
    page.get_by_role("button", name="Envoyer la réponse").click()
    assert page.get_by_text("Mardi me va très bien.").is_visible()
    page.locator(".ws-nav").get_by_role("link", name="Fichiers", exact=True).click()
    document = tmp_path / "programme.pdf"
    document.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files("#id_files", str(document))
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_role("link", name="programme.pdf").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger").click()
    assert download.value.suggested_filename == "programme.pdf"
    screenshot(page, "group-file")
    log_out(page)

    log_in(page, camille)
    page.goto("/espace/atelier-seniors/forum/")
    assert page.get_by_role("link", name="Dates des ateliers").is_visible()
    page.goto("/espace/atelier-seniors/fichiers/")
    assert page.get_by_role("link", name="programme.pdf").is_visible()
    screenshot(page, "group-files")


def test_a_non_member_cannot_open_a_file_url(site, new_page, animator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workspace.files import services as files_services

    owner = animator("Camille", "camille@exemple.test")
    outsider = animator("Oscar", "oscar@exemple.test")
    group = space_services.group_create(creator=owner, name="Groupe secret", visibility="secret")
    stored = files_services.file_upload(
        space=group, actor=owner, upload=SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    page = new_page()
    log_in(page, outsider)
    response = page.goto(stored.get_download_url())
    assert response.status == 404
    assert "budget" not in page.content() and "Groupe secret" not in page.content()
    page.context.clear_cookies()
    response = page.goto(stored.get_download_url())
    assert "/compte/connexion/" in page.url


def test_an_archived_group_is_read_only(site, new_page, screenshot, animator):
    from workspace.forum import services as forum_services
    from workspace.notes import services as notes_services

    owner = animator("Camille", "camille@exemple.test")
    member = animator("Julien", "julien@exemple.test")
    group = space_services.group_create(creator=owner, name="Télécentres")
    invitation = space_services.member_invite(space=group, actor=owner, who=member.email)
    space_services.invitation_answer(invitation=invitation, user=member, accept=True)
    topic = forum_services.topic_create(space=group, author=owner, title="Bilan", body="Deux télécentres pilotes.")
    notes_services.note_create(space=group, author=owner, title="Conclusions", body="Modèle fragile.")
    space_services.group_archive(space=group, actor=owner)
    page = new_page(width=390)
    log_in(page, member)
    page.goto(topic.get_absolute_url().replace(str(group.slug), group.slug))
    assert page.get_by_text("Groupe archivé.").is_visible()
    assert page.get_by_text("Deux télécentres pilotes.").is_visible()
    assert page.get_by_label("Votre réponse").count() == 0
    page.goto(f"/espace/{group.slug}/notes/")
    assert page.get_by_role("link", name="Conclusions").is_visible()
    assert page.get_by_role("link", name="Nouvelle note").count() == 0
    screenshot(page, "archived-390")
    assert_accessible(page)
