from django.urls import path

from workspace.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("lues/", views.mark_read, name="mark-read"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("preferences/", views.preferences, name="preferences"),
]
