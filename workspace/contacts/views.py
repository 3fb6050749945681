from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.contacts import selectors, services
from workspace.contacts.models import ContactRequest


@login_required
def contacts_home(request):
    user = request.user
    contacts = list(selectors.contacts_of(user))
    selectors.with_presence(contacts)
    context = {
        "contacts": contacts,
        "received": selectors.requests_received(user),
        "sent": selectors.requests_sent(user),
        "suggestions": selectors.suggestions(user),
        "blocked": get_user_model().objects.filter(pk__in=user.blocks.values("blocked_id")),
        "section": "contacts",
    }
    return render(request, "contacts/contacts_home.html", context)


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("contacts-home")


def _member(pk):
    return get_object_or_404(get_user_model(), pk=pk, is_active=True)


@login_required
@require_POST
def contact_action(request, pk, action):
    other = _member(pk)
    try:
        if action == "request":
            services.contact_request_send(sender=request.user, recipient=other, message=request.POST.get("message", ""))
            messages.success(request, _("Your contact request was sent to %(name)s.") % {"name": other})
        elif action == "remove":
            services.contact_remove(user=request.user, other=other)
            messages.success(request, _("%(name)s is no longer one of your contacts.") % {"name": other})
        elif action == "block":
            services.member_block(user=request.user, other=other)
            messages.success(request, _("%(name)s is blocked.") % {"name": other})
        elif action == "unblock":
            services.member_unblock(user=request.user, other=other)
            messages.success(request, _("%(name)s is no longer blocked.") % {"name": other})
        else:
            from django.http import Http404

            raise Http404
    except services.ContactError as error:
        messages.error(request, str(error))
    return _back(request)


@login_required
@require_POST
def request_action(request, pk, action):
    # Only the requests a member sent or received are reachable: nobody learns of others'.
    contact_request = get_object_or_404(
        ContactRequest.objects.select_related("sender", "recipient"),
        pk=pk,
        **({"sender": request.user} if action == "cancel" else {"recipient": request.user}),
    )
    try:
        if action == "accept":
            services.contact_request_accept(user=request.user, request=contact_request)
            messages.success(request, _("%(name)s is now one of your contacts.") % {"name": contact_request.sender})
        elif action == "decline":
            services.contact_request_decline(user=request.user, request=contact_request)
            messages.success(request, _("Request declined."))
        elif action == "cancel":
            services.contact_request_cancel(user=request.user, request=contact_request)
            messages.success(request, _("Request cancelled."))
        else:
            from django.http import Http404

            raise Http404
    except services.ContactError as error:
        messages.error(request, str(error))
    return _back(request)


# --- Activity stream ------------------------------------------------------------------------


@login_required
def stream(request):
    from django.core.paginator import Paginator

    from workspace.contacts.forms import PostForm

    scope = "network" if request.GET.get("fil") == "reseau" else "contacts"
    if request.method == "POST":
        form = PostForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.post_create(author=request.user, **form.cleaned_data)
            except services.ContactError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your post is published."))
                return redirect(request.get_full_path())
    else:
        form = PostForm()
    page_obj = Paginator(selectors.stream_for(request.user, scope=scope), 20).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "scope": scope,
        "new_members": selectors.recent_members(),
        "section": "contacts",
    }
    return render(request, "contacts/stream.html", context)


def _visible_post(request, pk):
    from django.http import Http404

    from workspace.contacts.models import Post
    from workspace.contacts.permissions import can_see_post

    post = get_object_or_404(Post.objects.select_related("author", "author__territory"), pk=pk)
    if not can_see_post(request.user, post):
        raise Http404
    return post


POST_IMAGE_CACHE_SECONDS = 3600  # in the viewer's own browser only: an image never changes


@login_required
def post_image(request, pk):
    """The image of a post, to whoever may see the post; the same 404 otherwise."""
    from core.serving import private_file_response

    post = _visible_post(request, pk)
    extension = post.image.name.rpartition(".")[2] if "." in post.image.name else ""
    return private_file_response(
        post.image,
        filename=f"image-{post.pk}.{extension}".rstrip("."),  # the storage's name stays private
        inline=True,
        cache_seconds=POST_IMAGE_CACHE_SECONDS,
    )


@login_required
@require_POST
def post_action(request, pk, action):
    post = _visible_post(request, pk)
    try:
        if action == "comment":
            services.comment_add(user=request.user, post=post, text=request.POST.get("text", ""))
        elif action == "like":
            services.like_toggle(user=request.user, post=post)
        elif action == "report":
            services.post_report(user=request.user, post=post, reason=request.POST.get("reason", ""))
            messages.success(request, _("Thank you: the moderators of the territory will look at this post."))
        elif action == "delete":
            services.post_delete(user=request.user, post=post)
            messages.success(request, _("Your post is deleted."))
        elif action in ("hide", "restore"):
            services.post_moderate(actor=request.user, post=post, hide=action == "hide")
            messages.success(request, _("The post is hidden.") if action == "hide" else _("The post is restored."))
        else:
            from django.http import Http404

            raise Http404
    except services.ContactError as error:
        messages.error(request, str(error))
    return _back_to(request, "stream")


def _back_to(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)
