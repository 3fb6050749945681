from django.urls import path

from workspace.notes import views

urlpatterns = [
    path("", views.index, name="index"),
    path("nouvelle/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/epingler/", views.pin, name="pin"),
    path("<int:pk>/supprimer/", views.delete, name="delete"),
]
