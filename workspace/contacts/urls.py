from django.urls import path

from workspace.contacts import views

urlpatterns = [
    path("", views.contacts_home, name="contacts-home"),
    path("membre/<int:pk>/<str:action>/", views.contact_action, name="contact-action"),
    path("demande/<int:pk>/<str:action>/", views.request_action, name="contact-request-action"),
    path("fil/", views.stream, name="stream"),
    path("fil/<int:pk>/image/", views.post_image, name="post-image"),
    path("fil/<int:pk>/<str:action>/", views.post_action, name="post-action"),
]
