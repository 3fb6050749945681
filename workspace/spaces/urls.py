"""Every address under /espace/, built from the module registry (portal/urls.py mounts it once).

In order: each module's own pages at ``/espace/<root_segment>/`` (the desk at /espace/ itself,
the chat, the contacts…), the pages of spaces that are not a space (the groups…), then a space's
home and pages at ``/espace/<space>/``, then each module's pages in a space at
``/espace/<space>/<segment>/`` (namespace: the module's slug). Nothing here names a module: the
first segments that are not spaces are derived from these patterns (``addresses.reserved_words``),
so a group can never be given an address a module or a page already uses.
"""

from django.urls import include, path

from workspace.spaces import modules as registry
from workspace.spaces import views

root_patterns = [
    path("groupes/", views.groups, name="groups"),
    path("groupes/nouveau/", views.group_create, name="group-create"),
    path("invitations/<int:pk>/repondre/", views.invitation_answer, name="invitation-answer"),
]
space_patterns = [
    path("<slug:slug>/", views.space_home, name="detail"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/membres/<int:user_id>/", views.member_update, name="member-update"),
    path("<slug:slug>/demandes/<int:pk>/", views.request_answer, name="request-answer"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/parametres/", views.settings_view, name="settings"),
]
# Pages of a space that are not modules: a module's segment may not be one of these.
SPACE_PAGES = frozenset(str(p.pattern).split("/")[1] for p in space_patterns if str(p.pattern).count("/") > 1)

urlpatterns = []
_modules = registry.all_modules()
for _module in _modules:
    if _module.root_urls:
        _prefix = f"{_module.root_segment}/" if _module.root_segment else ""
        urlpatterns.append(path(_prefix, include(_module.root_urls)))
urlpatterns.append(path("", include((root_patterns + space_patterns, "spaces"))))
for _module in _modules:
    if _module.urls:
        urlpatterns.append(path(f"<slug:slug>/{_module.segment}/", include((_module.urls, _module.slug))))
