from django.urls import path

from workspace.files import views

urlpatterns = [
    path("", views.index, name="index"),
    path("envoyer/", views.upload, name="upload"),
    path("dossiers/nouveau/", views.folder_create, name="folder-create"),
    path("corbeille/", views.trash, name="trash"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/telecharger/", views.download, name="download"),
    path("<int:pk>/apercu/", views.preview, name="preview"),
    path("<int:pk>/gerer/", views.manage, name="manage"),
]
