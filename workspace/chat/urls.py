from django.urls import path

from workspace.chat import views

urlpatterns = [
    path("", views.chat_page, name="chat"),
    path("api/salons/", views.api_rooms, name="chat-api-rooms"),
    path("api/salons/<int:pk>/messages/", views.api_messages, name="chat-api-messages"),
    path("api/salons/<int:pk>/lu/", views.api_read, name="chat-api-read"),
    path("direct/<int:user_id>/", views.open_direct, name="chat-direct"),
    path("fil/nouveau/", views.new_thread, name="chat-thread-new"),
    path("partager/<int:file_id>/", views.share_file, name="chat-share-file"),
]
