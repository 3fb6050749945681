"""Arranging a space's home: /espace/<space>/disposition/."""

from django.urls import path

from workspace.dashboard import views

urlpatterns = [path("", views.layout_edit, name="layout")]
