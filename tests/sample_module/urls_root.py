from django.urls import path

from tests.sample_module import views

urlpatterns = [path("", views.root, name="sample-root")]
