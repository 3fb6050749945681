"""The chat of working groups: one room per group whose chat module is on, whose members are
the group's members, kept in step by signals on memberships and module switches. Who may read
or write in it is still the spaces policy's answer (chat.permissions)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core import events
from workspace.chat.models import Room, RoomMember
from workspace.chat.permissions import MODULE
from workspace.spaces import modules as registry


def _chat_enabled(space) -> bool:
    return registry.is_enabled(space, MODULE)


@transaction.atomic
def space_room_sync(space) -> Room | None:
    """Create the group's room when its chat is on, and make its members the group's members.
    Members who join get the room on their open sockets; members who leave lose it."""
    from workspace.spaces.models import Membership

    room = Room.objects.filter(space=space).first()
    if room is None:
        if not _chat_enabled(space):
            return None
        room = Room.objects.create(kind=Room.Kind.SPACE, space=space, name=space.name[:120])
    elif room.name != space.name[:120]:
        room.name = space.name[:120]
        room.save(update_fields=["name"])
    wanted = set(Membership.objects.filter(space=space, user__is_active=True).values_list("user_id", flat=True))
    present = set(RoomMember.objects.filter(room=room).values_list("user_id", flat=True))
    added, removed = wanted - present, present - wanted
    if added:
        RoomMember.objects.bulk_create([RoomMember(room=room, user_id=pk) for pk in added], ignore_conflicts=True)
    if removed:
        RoomMember.objects.filter(room=room, user_id__in=removed).delete()
    for pk in sorted(added):
        events.send_on_commit({"type": "chat.room", "room": room.pk}, user_ids=[pk])
    for pk in sorted(removed):
        events.send_on_commit({"type": "chat.room_left", "room": room.pk}, user_ids=[pk])
    return room


def _on_membership(sender, instance, **kwargs):
    from workspace.spaces.models import Space

    if instance.space.kind == Space.Kind.GROUP:
        space_room_sync(instance.space)


def _on_module_state(sender, instance, **kwargs):
    if instance.module == MODULE:
        registry.forget_states(instance.space)
        space_room_sync(instance.space)


def _on_space(sender, instance, created, **kwargs):
    if not created:
        Room.objects.filter(space=instance).exclude(name=instance.name[:120]).update(name=instance.name[:120])


def connect():
    from workspace.spaces.models import Membership, ModuleState, Space

    post_save.connect(_on_membership, sender=Membership, dispatch_uid="chat-membership-saved")
    post_delete.connect(_on_membership, sender=Membership, dispatch_uid="chat-membership-deleted")
    post_save.connect(_on_module_state, sender=ModuleState, dispatch_uid="chat-module-state")
    post_save.connect(_on_space, sender=Space, dispatch_uid="chat-space-renamed")
