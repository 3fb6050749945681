"""WebSocket routes. One socket per browser tab, at /ws/; modules bring their frames and events
to it through the registry (workspace.spaces.consumers)."""

from django.urls import path

from workspace.spaces.consumers import WorkspaceConsumer

websocket_urlpatterns = [path("ws/", WorkspaceConsumer.as_asgi())]
