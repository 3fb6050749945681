"""A survey built with Wagtail's form builder: answers stored, e-mailed, exported, charted."""

import csv
import io

import pytest
from django.core import mail

from core import roles
from home import models
from tests.home import builders

pytestmark = pytest.mark.django_db


def make_survey(results_public=True):
    page = models.SurveyPage(
        title="Enquête",
        slug="enquete",
        results_public=results_public,
        to_address="com@exemple.test",
        from_address="site@exemple.test",
        subject="Nouvelle réponse",
    )
    page.form_fields.add(
        models.SurveyField(
            label="Avez-vous internet ?", field_type="radio", choices="Oui\nNon", required=True, sort_order=0
        )
    )
    page.form_fields.add(
        models.SurveyField(
            label="Vos envies",
            field_type="checkboxes",
            choices="Apprendre\nDémarches\nEmploi",
            required=False,
            sort_order=1,
        )
    )
    page.form_fields.add(models.SurveyField(label="Remarque", field_type="multiline", required=False, sort_order=2))
    return builders.home().add_child(instance=page)


def answer(client, internet, wishes=(), remark=""):
    return client.post("/enquete/", {"avez_vous_internet": internet, "vos_envies": list(wishes), "remarque": remark})


def test_an_answer_is_stored_and_emailed(client):
    survey = make_survey()
    response = answer(client, "Oui", ["Apprendre", "Emploi"], "Merci")
    assert response.status_code == 200
    assert "Merci ! " in response.content.decode() or "enregistrée" in response.content.decode()
    submission = survey.get_submission_class().objects.get(page=survey)
    assert submission.form_data["avez_vous_internet"] == "Oui"
    assert submission.form_data["vos_envies"] == ["Apprendre", "Emploi"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["com@exemple.test"]
    assert "Oui" in mail.outbox[0].body


def test_a_missing_required_answer_redisplays_the_form(client):
    survey = make_survey()
    response = client.post("/enquete/", {"remarque": "rien"})
    assert response.status_code == 200
    assert "Champ requis." in response.content.decode()
    assert not survey.get_submission_class().objects.exists()


def test_results_chart_counts_the_choices(client):
    make_survey()
    answer(client, "Oui", ["Apprendre"])
    answer(client, "Oui", ["Apprendre", "Démarches"])
    answer(client, "Non")
    response = client.get("/enquete/resultats/")
    assert response.status_code == 200
    results = response.context["results"]
    assert results["total"] == 3
    internet, wishes = results["fields"]
    assert [(a["label"], a["count"]) for a in internet["answers"]] == [("Oui", 2), ("Non", 1)]
    assert [(a["label"], a["count"]) for a in wishes["answers"]] == [("Apprendre", 2), ("Démarches", 1), ("Emploi", 0)]
    assert "3 réponses" in response.content.decode()


def test_private_results_are_for_editors_only(client, create_user, login):
    make_survey(results_public=False)
    assert client.get("/enquete/resultats/").status_code == 403
    login(create_user(role=roles.COORDINATOR))
    assert client.get("/enquete/resultats/").status_code == 200


def test_submissions_export_as_csv_from_the_admin(client, create_user, login):
    survey = make_survey()
    answer(client, "Oui", ["Apprendre"], "Très bien")
    login(create_user(role=roles.COORDINATOR))
    response = client.get(f"/admin/forms/submissions/{survey.pk}/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert "Avez-vous internet ?" in rows[0]
    assert "Oui" in rows[1] and "Très bien" in rows[1]
