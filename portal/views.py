"""French error pages. The 500 page renders without the request and without the database
(as Django's own server_error does), so that a failing database still shows a proper page."""

from django.shortcuts import render
from django.views import defaults


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return defaults.server_error(request, template_name="500.html")
