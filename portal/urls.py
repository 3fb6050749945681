"""Site addresses. French, stable, documented in the README."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from portal import health
from portal.forms import EmailAuthenticationForm, FrenchPasswordResetForm
from search import views as search_views
from workspace.people import views as people_views

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

account_patterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/changer/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("mot-de-passe/change/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "mot-de-passe/oublie/",
        auth_views.PasswordResetView.as_view(form_class=FrenchPasswordResetForm),
        name="password_reset",
    ),
    path("mot-de-passe/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("mot-de-passe/termine/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("compte/", include(account_patterns)),
    # The workspace: the desk, each module's pages, then /espace/<space>/… (from the registry).
    path("espace/", include("workspace.spaces.urls")),
    path("espap/", include("workspace.espap.urls_public")),  # esp@p's public pages (appointments, survey)
    path("ateliers/", include("workspace.publishing.urls_public")),
    path("inscription/", people_views.register, name="register"),
    path("inscription/merci/", people_views.register_thanks, name="register-thanks"),
    path("recherche/", search_views.search_view, name="search"),
    path("recherche/suggestions/", search_views.autocomplete_view, name="search-autocomplete"),
    path("annuaire/", include("directory.urls")),  # the directory's files; its pages are Wagtail's
    path("sitemap.xml", sitemap, name="sitemap"),
    path("plan-du-site/", home_views.site_map, name="site-map"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.SERVE_MEDIA:
    # The embedded default serves public media itself; at scale, object storage or the front
    # server does. Private files never live under MEDIA_ROOT.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]
