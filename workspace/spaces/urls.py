"""Workspace addresses under /espace/: the groups, then each space and its modules.

Mounted last under /espace/ (portal/urls.py): ``<slug>/`` catches what nothing else matched.
Module URLs come from the module registry: adding a module touches no other module.
"""

from django.urls import include, path

from workspace.dashboard import views as dashboard_views
from workspace.spaces import modules as registry
from workspace.spaces import views

space_patterns = [
    path("groupes/", views.groups, name="groups"),
    path("groupes/nouveau/", views.group_create, name="group-create"),
    path("invitations/<int:pk>/repondre/", views.invitation_answer, name="invitation-answer"),
    path("<slug:slug>/", dashboard_views.space_home, name="detail"),
    path("<slug:slug>/disposition/", dashboard_views.layout_edit, name="layout"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/membres/<int:user_id>/", views.member_update, name="member-update"),
    path("<slug:slug>/demandes/<int:pk>/", views.request_answer, name="request-answer"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/parametres/", views.settings_view, name="settings"),
]

urlpatterns = [path("", include((space_patterns, "spaces")))]
for _module in registry.all_modules():
    urlpatterns.append(path(f"<slug:slug>/{_module.segment}/", include((_module.urls, _module.slug))))
