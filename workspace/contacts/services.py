"""Writes of the contacts network. Each function owns its transaction and raises ContactError
with a message a member can read."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.images import is_new_upload, is_picture
from core.notify import notify
from workspace.contacts.models import Block, Contact, ContactRequest
from workspace.contacts.selectors import are_contacts, is_blocked_between


class ContactError(ValueError):
    pass


def _link(a, b):
    Contact.objects.get_or_create(user=a, contact=b)
    Contact.objects.get_or_create(user=b, contact=a)


@transaction.atomic
def contact_request_send(*, sender, recipient, message: str = "") -> ContactRequest:
    if sender.pk == recipient.pk:
        raise ContactError(_("You cannot add yourself as a contact."))
    if not recipient.is_active:
        raise ContactError(_("This member is no longer active."))
    if is_blocked_between(sender, recipient):
        raise ContactError(_("You cannot send a contact request to this member."))
    if are_contacts(sender, recipient):
        raise ContactError(_("You are already in contact."))
    reverse = ContactRequest.objects.filter(
        sender=recipient, recipient=sender, status=ContactRequest.Status.PENDING
    ).first()
    if reverse is not None:
        # They had already asked: asking back means accepting.
        return contact_request_accept(user=sender, request=reverse)
    if ContactRequest.objects.filter(sender=sender, recipient=recipient, status=ContactRequest.Status.PENDING).exists():
        raise ContactError(_("Your request is already waiting for an answer."))
    request = ContactRequest.objects.create(sender=sender, recipient=recipient, message=message.strip()[:500])
    _notify(recipient, "contact", _("%(name)s wants to add you as a contact") % {"name": sender}, sender)
    return request


def _decide(user, request, status):
    if request.recipient_id != user.pk or request.status != ContactRequest.Status.PENDING:
        raise ContactError(_("This request is no longer waiting for your answer."))
    request.status = status
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])


@transaction.atomic
def contact_request_accept(*, user, request: ContactRequest) -> ContactRequest:
    _decide(user, request, ContactRequest.Status.ACCEPTED)
    _link(request.sender, request.recipient)
    _notify(request.sender, "contact", _("%(name)s accepted your contact request") % {"name": user}, user)
    return request


@transaction.atomic
def contact_request_decline(*, user, request: ContactRequest) -> ContactRequest:
    _decide(user, request, ContactRequest.Status.DECLINED)
    return request


@transaction.atomic
def contact_request_cancel(*, user, request: ContactRequest) -> ContactRequest:
    if request.sender_id != user.pk or request.status != ContactRequest.Status.PENDING:
        raise ContactError(_("This request can no longer be cancelled."))
    request.status = ContactRequest.Status.CANCELLED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


@transaction.atomic
def contact_remove(*, user, other) -> None:
    Contact.objects.filter(Q(user=user, contact=other) | Q(user=other, contact=user)).delete()


@transaction.atomic
def member_block(*, user, other) -> None:
    """Blocking removes the contact and pending requests; the other cannot ask again."""
    if user.pk == other.pk:
        raise ContactError(_("You cannot block yourself."))
    Block.objects.get_or_create(blocker=user, blocked=other)
    contact_remove(user=user, other=other)
    ContactRequest.objects.filter(
        Q(sender=user, recipient=other) | Q(sender=other, recipient=user), status=ContactRequest.Status.PENDING
    ).update(status=ContactRequest.Status.CANCELLED, decided_at=timezone.now())


@transaction.atomic
def member_unblock(*, user, other) -> None:
    Block.objects.filter(blocker=user, blocked=other).delete()


def _notify(recipient, kind, text, actor, url=None):
    """Tell the member (bell, live push, daily digest), unless one blocked the other."""
    if is_blocked_between(recipient, actor):
        return
    notify(users=[recipient], kind=kind, text=str(text), url=url or reverse("contacts-home"), actor=actor)


# --- Activity stream ------------------------------------------------------------------------

POST_IMAGE_MAX_BYTES = 5 * 1024 * 1024


@transaction.atomic
def post_create(*, author, text: str, visibility: str = "contacts", link: str = "", image=None):
    from workspace.contacts.models import Post

    text = (text or "").strip()
    if not text:
        raise ContactError(_("Write something before publishing."))
    if image is not None and getattr(image, "size", 0) > POST_IMAGE_MAX_BYTES:
        raise ContactError(_("The image is too large; the limit is 5 MB."))
    if is_new_upload(image) and not is_picture(image):
        raise ContactError(_("This file is not an image; choose a JPEG, PNG or WebP picture."))
    if visibility not in Post.Visibility.values:
        visibility = Post.Visibility.CONTACTS
    return Post.objects.create(author=author, text=text[:2000], visibility=visibility, link=link, image=image or "")


@transaction.atomic
def post_delete(*, user, post) -> None:
    if post.author_id != user.pk:
        raise ContactError(_("Only its author can delete a post."))
    post.delete()  # its image leaves the disk once this commits (models._post_image_delete)


@transaction.atomic
def comment_add(*, user, post, text: str):
    from workspace.contacts.models import Comment
    from workspace.contacts.permissions import can_see_post

    text = (text or "").strip()
    if not can_see_post(user, post):
        raise ContactError(_("This post is not available."))
    if not text:
        raise ContactError(_("Write something before sending."))
    comment = Comment.objects.create(post=post, author=user, text=text[:1000])
    if post.author_id != user.pk:
        _notify(
            post.author,
            "comment",
            _("%(name)s commented on your post") % {"name": user},
            user,
            url=f"{reverse('stream')}#post-{post.pk}",
        )
    return comment


@transaction.atomic
def like_toggle(*, user, post) -> bool:
    from workspace.contacts.models import Like
    from workspace.contacts.permissions import can_see_post

    if not can_see_post(user, post):
        raise ContactError(_("This post is not available."))
    deleted, _count = Like.objects.filter(post=post, user=user).delete()
    if deleted:
        return False
    Like.objects.create(post=post, user=user)
    return True


@transaction.atomic
def post_report(*, user, post, reason: str):
    from workspace.contacts.models import PostReport
    from workspace.contacts.permissions import can_see_post

    reason = (reason or "").strip()
    if not can_see_post(user, post) or post.author_id == user.pk:
        raise ContactError(_("This post cannot be reported."))
    if not reason:
        raise ContactError(_("Say briefly what is wrong with this post."))
    report, created = PostReport.objects.get_or_create(post=post, reporter=user, defaults={"reason": reason[:300]})
    if not created:
        raise ContactError(_("You have already reported this post."))
    return report


@transaction.atomic
def post_moderate(*, actor, post, hide: bool) -> None:
    from django.core.exceptions import PermissionDenied

    from workspace.contacts.permissions import can_moderate_post

    if not can_moderate_post(actor, post):
        raise PermissionDenied
    post.hidden = hide
    post.hidden_by = actor if hide else None
    post.save(update_fields=["hidden", "hidden_by"])
    post.reports.update(resolved=True)
    audit.record(
        actor=actor,
        action="post.hide" if hide else "post.restore",
        summary=(_("Hid a post by %(name)s: %(text)s") if hide else _("Restored a post by %(name)s: %(text)s"))
        % {"name": post.author, "text": post.text[:80]},
        territory=post.author.territory,
        target=post,
    )
