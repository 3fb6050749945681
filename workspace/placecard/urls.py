"""/espace/structure/: the place cards (namespace "placecard")."""

from django.urls import path

from workspace.placecard import views

app_name = "placecard"

urlpatterns = [
    path("", views.index, name="index"),
    path("lieux/<int:pk>/", views.card, name="card"),
    path("lieux/<int:pk>/modifier/", views.edit, name="edit"),
    path("lieux/<int:pk>/moderer/", views.moderate, name="moderate"),
]
