"""The chat page and its HTTP API: everything the socket does can be read back over HTTP."""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from workspace.chat import selectors, services
from workspace.chat.forms import ThreadForm
from workspace.chat.models import Room
from workspace.chat.permissions import can_access_room, can_see_file, shareable_space_ids

ATTACHABLE_LIMIT = 100


def _room_or_404(user, pk):
    room = Room.objects.filter(pk=pk).first()
    if room is None or not can_access_room(user, room):
        raise Http404  # same answer for a room that exists and one that does not
    return room


@login_required
def chat_page(request):
    services.rooms_ensure(user=request.user)
    if request.method == "POST":  # the form works without JavaScript too
        room = _room_or_404(request.user, _int(request.POST.get("room"), 0))
        try:
            services.message_send(
                user=request.user,
                room=room,
                text=request.POST.get("text", ""),
                local_id=request.POST.get("local_id", ""),
                reply_to_id=_int(request.POST.get("reply_to")),
                attachment_id=_int(request.POST.get("attachment")),
            )
        except services.ChatError as error:
            messages.error(request, str(error))
            # nothing typed is lost: the text comes back in the composer
            request.session["chat_draft"] = {"room": room.pk, "text": request.POST.get("text", "")[:4000]}
        return redirect(room)
    memberships = selectors.rooms_for(request.user)
    names = selectors.direct_partner_names(request.user, [m.room for m in memberships])
    current = None
    wanted = request.GET.get("salon")
    if wanted and wanted.isdigit():
        current = next((m.room for m in memberships if m.room.pk == int(wanted)), None)
        if current is None:  # a group room the user may read without being in it (coordinator)
            current = _room_or_404(request.user, int(wanted))
    if current is None and memberships:
        current = memberships[0].room
    for m in memberships:
        m.display_name = selectors.room_display_name(m.room, names)
    history = selectors.messages_before(current, None) if current else []
    history_json = selectors.serialize_messages(history, request.user)  # sets attachment_view
    draft = request.session.pop("chat_draft", None) or {}
    can_write = bool(current) and can_access_room(request.user, current, write=True)
    if history:  # opening a room shows its latest messages: they are read
        services.room_mark_read(user=request.user, room=current, message_id=history[-1].pk)
        for m in memberships:
            if m.room == current:
                m.unread = 0
    context = {
        "current_name": selectors.room_display_name(current, names) if current else "",
        "i18n": _client_strings(),
        "memberships": memberships,
        "names": names,
        "current": current,
        "can_write": can_write,
        "history": history,
        "history_json": history_json,
        "max_length": 4000,
        "draft": draft.get("text", "") if current and draft.get("room") == current.pk else "",
        "attachable": _attachable_files(request, current) if can_write else [],
        "chosen_file": _int(request.GET.get("fichier")),
        "reactions": list(services.ALLOWED_REACTIONS),
        # the workspace navigation: a working group's room is that group's chat module
        "space": current.space if current is not None and current.space_id else None,
        "section": "chat",
    }
    return render(request, "chat/chat.html", context)


def _attachable_files(request, room):
    """Files the member may attach here: the latest of the spaces they and every member of the
    room see, the room's group first; ``?fichier=<id>`` (the "share in the chat" link of a
    file) is preselected, and offered even where sending will explain why it cannot go."""
    from workspace.files.selectors import recent_files_for

    files = recent_files_for(user=request.user, limit=ATTACHABLE_LIMIT)
    shareable = shareable_space_ids(room, {f.space_id: f.space for f in files}.values())
    files = [f for f in files if f.space_id in shareable]
    wanted = _int(request.GET.get("fichier"))
    if wanted and all(f.pk != wanted for f in files):
        from workspace.files.models import StoredFile

        extra = StoredFile.objects.select_related("space").filter(pk=wanted).first()
        if can_see_file(request.user, extra):
            files.insert(0, extra)
    for stored in files:
        stored.chosen = stored.pk == wanted
    room_space = room.space_id if room is not None else None
    files.sort(key=lambda f: (f.space_id != room_space, f.space.name.lower(), f.name.lower()))
    return files


def _client_strings():
    return {
        "reconnecting": gettext("Connection lost: reconnecting…"),
        "room_left": gettext("You are no longer a member of this room."),
        "online": gettext("online"),
        "away": gettext("away"),
        "offline": gettext("offline"),
        "seen": gettext("seen"),
        "nobody_online": gettext("Nobody else is online."),
        "typing": gettext("is typing…"),
        "deleted": gettext("Message deleted"),
        "edited": gettext("edited"),
        "edit": gettext("Edit"),
        "delete": gettext("Delete"),
        "reply": gettext("Reply"),
        "save": gettext("Save"),
        "cancel": gettext("Cancel"),
        "confirm_delete": gettext("Delete this message?"),
        "replying": gettext("Replying to"),
        "not_sent": gettext("Not sent yet"),
        "chat": gettext("Chat"),
        "nothing_older": gettext("No earlier message."),
        "react": gettext("React"),
        "file_removed": gettext("Attached file deleted"),
        "file_hidden": gettext("Attached file you cannot see"),
    }


@login_required
def api_rooms(request):
    memberships = selectors.rooms_for(request.user)
    names = selectors.direct_partner_names(request.user, [m.room for m in memberships])
    return JsonResponse(
        {
            "rooms": [
                {
                    "id": m.room.pk,
                    "kind": m.room.kind,
                    "name": str(m.room.name or names.get(m.room.pk, "")),
                    "unread": m.unread,
                    "last_read": m.last_read_message_id,
                    "last_message": m.room.last_message_id,
                }
                for m in memberships
            ],
            "unread_total": sum(m.unread for m in memberships),
        }
    )


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_http_methods(["GET", "POST"])
def api_messages(request, pk):
    room = _room_or_404(request.user, pk)
    if request.method == "POST":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"error": "bad_json"}, status=400)
        if not isinstance(data, dict):
            return JsonResponse({"error": "bad_json"}, status=400)
        try:
            message = services.message_send(
                user=request.user,
                room=room,
                text=str(data.get("text", "")),
                local_id=str(data.get("local_id", "")),
                reply_to_id=_int(data.get("reply_to")),
                attachment_id=_int(data.get("attachment")),
            )
        except services.ChatError as error:
            status = 429 if error.code == "rate_limited" else 400
            return JsonResponse({"error": error.code, "message": str(error)}, status=status)
        return JsonResponse({"message": selectors.serialize_message(message, request.user)}, status=201)
    after, before = _int(request.GET.get("after")), _int(request.GET.get("before"))
    limit = max(1, min(_int(request.GET.get("limit"), 50), 200))
    if after is not None:
        found = selectors.messages_after(room, after, limit)
    else:
        found = selectors.messages_before(room, before, limit)
    return JsonResponse({"room": room.pk, "messages": selectors.serialize_messages(found, request.user)})


@login_required
@require_POST
def api_read(request, pk):
    room = _room_or_404(request.user, pk)
    marker = services.room_mark_read(user=request.user, room=room, message_id=_int(request.POST.get("id"), 0))
    return JsonResponse({"room": room.pk, "last_read": marker})


@login_required
@require_POST
def open_direct(request, user_id):
    other = get_object_or_404(get_user_model(), pk=user_id)
    try:
        room = services.room_direct_open(user=request.user, other=other)
    except services.ChatError as error:
        messages.error(request, str(error))
        return redirect("member-profile", other.pk)
    return redirect(room)


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request):
    """A private thread with a few contacts; an error re-displays the form with the choices kept."""
    from workspace.contacts.selectors import contacts_of

    form = ThreadForm(request.POST or None, contacts=contacts_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            room = services.room_thread_create(
                user=request.user, members=list(form.cleaned_data["members"]), name=form.cleaned_data["name"]
            )
        except services.ChatError as error:
            form.add_error(None, str(error))
        else:
            return redirect(room)
    return render(request, "chat/thread_form.html", {"form": form, "section": "chat"})


@login_required
def share_file(request, file_id):
    """The "Share in the chat" button of a file's page: its group's room when the member may write there,
    else the chat page, the file chosen in the composer (sending checks every member again)."""
    from workspace.files.models import StoredFile

    stored = StoredFile.objects.filter(pk=file_id, deleted_at__isnull=True).select_related("space").first()
    if stored is None or not can_see_file(request.user, stored):
        raise Http404
    return redirect(selectors.share_url(request.user, stored))


@login_required
def space_room(request, slug):
    """The chat module of a working group: its room, in the chat page."""
    from workspace.chat.space_rooms import space_room_sync
    from workspace.spaces.shortcuts import space_or_404

    space = space_or_404(request, slug, module="chat")
    room = space_room_sync(space)
    if room is None:
        raise Http404
    return redirect(room)
