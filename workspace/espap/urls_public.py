"""/espap/: esp@p's public pages, for inhabitants without an account (namespace "espap-public"):
asking for a video appointment at a site, and the satisfaction survey."""

from django.urls import path

from workspace.espap import views_public, views_survey

app_name = "espap-public"

urlpatterns = [
    path("rendez-vous/<int:site>/", views_public.request_appointment, name="request"),
    path("rendez-vous/annuler/<str:token>/", views_public.cancel, name="cancel"),
    path("enquete/<int:site>/", views_survey.survey_form, name="survey"),
]
