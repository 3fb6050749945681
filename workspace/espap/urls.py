"""/espace/espap/: the esp@p public-service points (namespace "espap")."""

from django.urls import path

from workspace.espap import views, views_call, views_dashboard, views_grid, views_survey

app_name = "espap"

urlpatterns = [
    path("", views.index, name="index"),
    path("creneaux/", views.slots, name="slots"),
    path("creneaux/<int:pk>/retirer/", views.slot_withdraw, name="slot-withdraw"),
    path("reserver/", views.book, name="book"),
    path("reserver/<int:slot>/", views.book_slot, name="book-slot"),
    path("rendez-vous/", views.agenda, name="agenda"),
    path("rendez-vous/<int:pk>/", views.appointment, name="appointment"),
    path("rendez-vous/<int:pk>/invitation.ics", views.appointment_ics, name="appointment-ics"),
    path("rendez-vous/<int:pk>/visio/", views_call.call, name="call"),
    path("rendez-vous/<int:pk>/documents/", views_call.document_upload, name="document-upload"),
    path("rendez-vous/<int:pk>/documents/<int:doc>/", views_call.document, name="document"),
    path("rendez-vous/<int:pk>/<str:action>/", views.appointment_action, name="appointment-action"),
    path("sites/", views.sites, name="sites"),
    path("sites/<int:pk>/", views.site, name="site"),
    path("sites/<int:pk>/affiche.pdf", views_survey.poster, name="poster"),
    path("grilles/", views_grid.grids, name="grids"),
    path("grilles/<int:site>/<str:week>/", views_grid.grid, name="grid"),
    path("grilles/<int:site>/<str:week>/<str:action>/", views_grid.grid_action, name="grid-action"),
    path("enquete/", views_survey.results, name="survey"),
    path("enquete/periode/", views_survey.period, name="survey-period"),
    path("tableau/", views_dashboard.dashboard, name="dashboard"),
    path("tableau/export-<str:kind>.csv", views_dashboard.export_csv, name="export"),
    path("tableau/reunion.pdf", views_dashboard.meeting_pack, name="meeting-pack"),
]
