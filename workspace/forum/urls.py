from django.urls import path

from workspace.forum import views

urlpatterns = [
    path("", views.index, name="index"),
    path("categories/nouvelle/", views.category_create, name="category-create"),
    path("categories/<slug:category>/", views.index, name="category"),
    path("nouveau/", views.topic_create, name="topic-create"),
    path("sujets/<int:pk>/", views.topic, name="topic"),
    path("sujets/<int:pk>/gerer/", views.topic_action, name="topic-action"),
    path("messages/<int:pk>/modifier/", views.post_edit, name="post-edit"),
    path("messages/<int:pk>/signaler/", views.post_report, name="post-report"),
]
