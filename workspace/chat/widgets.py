from django.utils.translation import gettext_lazy as _

from workspace.spaces.modules import Widget


def _conversations(request, space, count):
    from workspace.chat import selectors

    memberships = selectors.rooms_for(request.user)
    memberships.sort(key=lambda m: (m.unread == 0, -m.room.last_message_id))
    shown = memberships[:count]
    names = selectors.direct_partner_names(request.user, [m.room for m in shown])
    for m in shown:
        m.display_name = selectors.room_display_name(m.room, names)
    return {"memberships": shown, "unread": sum(m.unread for m in memberships)}


def _group_chat(request, space, count):
    from workspace.chat import selectors
    from workspace.chat.models import Room

    room = Room.objects.filter(space=space).first()
    messages = selectors.messages_before(room, None, limit=count) if room else []
    selectors.serialize_messages(messages, request.user)  # each message's attachment_view, for the template
    return {"room": room, "messages": messages}


WIDGETS = (
    Widget(
        slug="chat",
        title=_("Conversations"),
        description=_("Your chat rooms and conversations, unread ones first."),
        template="chat/widget.html",
        load=_conversations,
        kinds=frozenset({"personal"}),
        default_in=frozenset({"personal"}),
        order=15,
    ),
    Widget(
        slug="group_chat",
        title=_("Group chat"),
        description=_("The latest messages of the group's room."),
        template="chat/widget_group.html",
        load=_group_chat,
        kinds=frozenset({"group"}),
        module="chat",
        default_in=frozenset({"group"}),
        order=15,
    ),
)
