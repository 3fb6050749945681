"""WebSocket routes. One socket per browser tab, at /ws/; modules add their event types to it."""

from django.urls import path

from portal.consumers import WorkspaceConsumer

websocket_urlpatterns = [path("ws/", WorkspaceConsumer.as_asgi())]
