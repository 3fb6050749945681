"""/ateliers/: online registration to the public workshops, for visitors without an account
(namespace "publishing-public")."""

from django.urls import path

from workspace.publishing import views_public

app_name = "publishing-public"

urlpatterns = [
    path("<int:event>/inscription/", views_public.register, name="register"),
    path("annulation/<str:token>/", views_public.cancel, name="cancel"),
]
