"""A member's agenda of everything they may see, and their private feed: /espace/agenda/…"""

from django.urls import path

from workspace.agenda import views

app_name = "my-agenda"
urlpatterns = [
    path("", views.my_agenda, name="index"),
    path("flux/", views.feed_settings, name="feed-settings"),
    path("flux/<str:token>.ics", views.feed, name="feed"),
]
