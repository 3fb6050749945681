from django.urls import path

from workspace.people import views

urlpatterns = [
    path("profil/", views.profile_edit, name="profile-edit"),
    path("territoires/", views.territory_index, name="territory-index"),
    path("territoires/<slug:slug>/", views.territory_console, name="territory-console"),
    path(
        "territoires/<slug:slug>/demandes/<int:pk>/<str:decision>/",
        views.registration_decide,
        name="registration-decide",
    ),
    path("territoires/<slug:slug>/membres/<int:pk>/<str:action>/", views.member_action, name="member-action"),
    path("journal/", views.audit_log, name="audit-log"),
    path("membres/", views.member_directory, name="member-directory"),
    path("membres/<int:pk>/", views.member_profile, name="member-profile"),
    path("membres/<int:pk>/photo/", views.member_photo, name="member-photo"),
]
