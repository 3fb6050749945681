"""The video call of an appointment (its page; the signalling is ``calls``) and the documents the
participants send each other during it. Only the appointment's participants reach them: a member
who sees the appointment without taking part is refused (403), anyone else finds nothing (404);
a document is served to the participants only (404 to everyone else)."""

import json
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from core.serving import private_file_response
from workspace.espap import permissions as policy
from workspace.espap import services
from workspace.espap.calls import call_open, is_slot_advisor
from workspace.espap.models import Appointment, AppointmentDocument
from workspace.espap.shortcuts import appointment_or_404

ICE_KEYS = ("urls", "username", "credential")


def ice_servers() -> list[dict]:
    """``settings.ESPAP_ICE_SERVERS`` as the list RTCPeerConnection takes; [] when it is not a
    valid JSON list of {urls, username?, credential?} (a broken setting must not break the page)."""
    raw = getattr(settings, "ESPAP_ICE_SERVERS", "[]")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw or "[]")
        except (ValueError, RecursionError):
            return []
    if not isinstance(raw, list):
        return []
    servers = []
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        urls = entry.get("urls")
        if isinstance(urls, str):
            urls = [urls]
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) and u for u in urls):
            continue
        server = {"urls": urls}
        for key in ICE_KEYS[1:]:
            if isinstance(entry.get(key), str):
                server[key] = entry[key]
        servers.append(server)
    return servers


def _client_strings() -> dict:
    return {
        "ready": _("Ready: turn on your camera and microphone with “Join the call”."),
        "starting": _("Starting the camera and microphone…"),
        "waiting": _("Waiting for the other participant…"),
        "connecting": pgettext("espap", "Connecting…"),
        "connected": pgettext("espap", "Connected"),
        "lost": pgettext("espap", "Connection lost"),
        "left": _("You left the call."),
        "peer_left": _("The other participant left the call."),
        "server_lost": _("The server cannot be reached, trying again…"),
        "closed": _("This call is not open: the appointment is not confirmed for today or later."),
        "forbidden": _("You no longer take part in this appointment."),
        "unsupported": _("This browser cannot make video calls."),
        "insecure": _("Video calls need a secure connection (an address starting with https)."),
        "denied": _("The camera and the microphone were refused or are missing."),
        "audio_only": _("No camera found: the call goes on with sound only."),
        "ice_failed": _("The video connection could not be established (network)."),
        "mute": _("Mute the microphone"),
        "unmute": _("Unmute the microphone"),
        "camera_off": _("Turn the camera off"),
        "camera_on": _("Turn the camera on"),
        "share": _("Share my screen"),
        "share_stop": _("Stop sharing"),
        "share_failed": _("The screen could not be shared."),
        "me": pgettext("espap", "Me"),
        "upload_failed": _("The document could not be sent."),
        "sending": pgettext("espap", "Sending…"),
        "sent": _("Document sent."),
    }


def _context(request, a: Appointment) -> dict:
    user = request.user
    as_advisor = is_slot_advisor(user, a)
    if as_advisor:
        other = a.site.title
        if a.mediator:
            other = f"{a.site.title} ({a.mediator.get_display_name()})"
        phone = a.site.phone
    else:
        other = f"{a.slot.advisor.user.get_display_name()} ({a.agency.name})"
        phone = a.slot.advisor.phone
    documents = [d for d in a.documents_sent.select_related("uploaded_by") if d.delete_after >= timezone.localdate()]
    return {
        "a": a,
        "section": "espap",
        "as_advisor": as_advisor,
        "other_name": other,
        "fallback_phone": phone,
        "open": call_open(a),
        "documents": documents,
        "ice_servers": ice_servers(),
        "call_strings": _client_strings(),
        "accept": ",".join(sorted(services.DOCUMENT_TYPES)),
        "document_days": settings.ESPAP_DOCUMENT_DAYS,
    }


@login_required
def call(request, pk):
    a = appointment_or_404(request.user, pk, policy.PERSONAL)
    return render(request, "espap/call.html", _context(request, a))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def document_upload(request, pk):
    a = appointment_or_404(request.user, pk, policy.PERSONAL)
    upload = request.FILES.get("file")
    error = None
    if upload is None:
        error = _("Choose a PDF or a picture to send.")
    else:
        try:
            document = services.document_send(actor=request.user, appointment=a, upload=upload)
        except services.EspapError as refusal:
            error = refusal.message
    if error is not None:
        if _wants_json(request):
            return JsonResponse({"error": str(error)}, status=400)
        messages.error(request, error)
        return redirect("espap:call", pk=a.pk)
    url = reverse("espap:document", args=[a.pk, document.pk])
    if _wants_json(request):
        return JsonResponse({"id": document.pk, "name": document.filename, "url": url})
    messages.success(request, _("Document sent: %(name)s") % {"name": document.filename})
    return redirect("espap:call", pk=a.pk)


@login_required
def document(request, pk, doc):
    a = Appointment.objects.select_related("slot", "site").filter(pk=pk, purged_at__isnull=True).first()
    if a is None or not policy.is_participant(request.user, a):
        raise Http404
    found = AppointmentDocument.objects.filter(pk=doc, appointment=a).first()
    if found is None or found.delete_after < timezone.localdate():
        raise Http404
    content_type = mimetypes.guess_type(found.filename)[0] or ""
    inline = content_type in services.DOCUMENT_TYPES
    return private_file_response(
        found.file,
        filename=found.filename,
        content_type=content_type if inline else "application/octet-stream",
        inline=inline,
    )
