"""The chat module of a working group: /espace/<group>/discussion/ opens the group's room."""

from django.urls import path

from workspace.chat import views

urlpatterns = [path("", views.space_room, name="index")]
