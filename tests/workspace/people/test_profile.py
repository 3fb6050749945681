import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import roles
from tests import factories

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 64)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (13, 92, 99)).save(buffer, "PNG")
    return buffer.getvalue()


def test_member_edits_profile_with_photo_place_and_territory(client, create_user, login):
    user = create_user(role=roles.ANIMATOR)
    place = factories.place(title="Cyber-base de Gourdon", commune="Gourdon")
    login(user)
    response = client.post(
        "/espace/profil/",
        {
            "first_name": "Camille",
            "last_name": "Delpech",
            "display_name": "Camille D.",
            "phone": "05 65 41 00 00",
            "job_title": "Animatrice multimédia",
            "place": place.pk,
            "territory": place.territory_id,
            "bio": "J'anime les ateliers du mercredi.",
            "email_visibility": "network",
            "phone_visibility": "contacts",
            "photo": SimpleUploadedFile("moi.png", png_bytes(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Camille D."
    assert user.place == place
    assert user.photo.name.endswith(".png")
    assert str(user) == "Camille D."


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_lost(client, create_user, login):
    user = create_user()
    login(user)
    response = client.post(
        "/espace/profil/",
        {
            "first_name": "Julien",
            "last_name": "Lacombe",
            "job_title": "Médiateur",
            "photo": SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert response.context["form"]["job_title"].value() == "Médiateur"
    user.refresh_from_db()
    assert user.job_title == ""


def test_a_place_of_another_territory_is_refused(client, create_user, login):
    user = create_user()
    place = factories.place()
    other = factories.TerritoryFactory(name="Quercy Blanc")
    login(user)
    response = client.post(
        "/espace/profil/", {"first_name": "A", "last_name": "B", "place": place.pk, "territory": other.pk}
    )
    assert response.status_code == 200
    assert "autre territoire" in str(response.context["form"].errors["place"])


def test_bad_phone_number_is_explained(client, create_user, login):
    login(create_user())
    response = client.post("/espace/profil/", {"first_name": "A", "last_name": "B", "phone": "appelez-moi"})
    assert response.status_code == 200
    assert "05 65 00 00 00" in str(response.context["form"].errors["phone"])
