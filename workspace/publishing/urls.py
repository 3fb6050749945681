"""/espace/ateliers/: the public workshops animators propose (namespace "publishing")."""

from django.urls import path

from workspace.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.index, name="index"),
    path("proposer/", views.propose, name="propose"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<int:pk>/inscrits/", views.registrants, name="registrants"),
    path("<int:pk>/inscrits.csv", views.registrants_csv, name="registrants-csv"),
    path("<int:pk>/inscrits/<int:registration>/annuler/", views.registrant_cancel, name="registrant-cancel"),
]
