"""The desk, mounted first under /espace/ (portal/urls.py)."""

from django.urls import path

from workspace.dashboard import views

urlpatterns = [path("", views.desk, name="workspace-home")]
