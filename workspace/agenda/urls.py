"""The agenda of one space: /espace/<space>/agenda/…"""

from django.urls import path

from workspace.agenda import views

urlpatterns = [
    path("", views.space_agenda, name="index"),
    path("nouveau/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/repondre/", views.answer, name="answer"),
    path("<int:pk>/supprimer/", views.delete, name="delete"),
    path("<int:pk>/evenement.ics", views.event_ics, name="ics"),
]
