"""/espace/tickets/: the Ticket déclic scheme (namespace "tickets")."""

from django.urls import path

from workspace.tickets import views, views_documents, views_log

app_name = "tickets"

urlpatterns = [
    path("", views.index, name="index"),
    path("liste/", views.ticket_list, name="list"),
    path("emettre/", views.issue, name="issue"),
    path("emettre/fichier/", views_documents.issue_import, name="import"),
    path("inscrire/", views.register, name="register"),
    path("t/<str:reference>/", views.detail, name="detail"),
    path("t/<str:reference>/pdf/", views_documents.ticket_pdf, name="pdf"),
    path("t/<str:reference>/attestation/", views_documents.certificate_pdf, name="certificate"),
    path("t/<str:reference>/reemettre/", views.reissue, name="reissue"),
    path("t/<str:reference>/annuler/", views.cancel, name="cancel"),
    path("t/<str:reference>/entretien/", views.interview, name="interview"),
    path("t/<str:reference>/cloturer/", views.close, name="close"),
    path("t/<str:reference>/seance/", views.enrol, name="enrol"),
    path("t/<str:reference>/effacer/", views.erase, name="erase"),
    path("t/<str:reference>/carnet/", views_log.log_internal, name="log-internal"),
    path("seances/", views.sessions, name="sessions"),
    path("seances/<int:pk>/", views.session, name="session"),
    path("seances/<int:pk>/fiche/<int:enrolment>/", views.sheet, name="sheet"),
    path("paiements/", views.claims, name="claims"),
    path("paiements/<int:pk>/<str:action>/", views.claim_action, name="claim-action"),
    path("paiements/releve.csv", views_documents.statement_csv, name="statement-csv"),
    path("paiements/releve.pdf", views_documents.statement_pdf, name="statement-pdf"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<int:pk>/", views.offer_edit, name="offer"),
    path("tableau/", views_log.dashboard, name="dashboard"),
    path("carnet/<str:token>/", views_log.log, name="log"),
    path("carnet/<str:token>/pdf/", views_documents.log_pdf, name="log-pdf"),
    path("carnet/<str:token>/effacement/", views_log.log_erasure, name="log-erasure"),
]
