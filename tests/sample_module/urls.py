from django.urls import path

from tests.sample_module import views

urlpatterns = [path("", views.index, name="index")]
