from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.forum import selectors, services
from workspace.forum.forms import CategoryForm, ReplyForm, ReportForm, TopicForm
from workspace.forum.models import Category, Post, Subscription, Topic
from workspace.spaces.html import to_text
from workspace.spaces.permissions import CONTRIBUTE, MODERATE, policy
from workspace.spaces.shortcuts import object_or_404, space_or_404
from workspace.spaces.views import apply_errors, error_text

MODULE = "forum"
POSTS_PER_PAGE = 30


@login_required
def index(request, slug, category=None):
    space = space_or_404(request, slug, module=MODULE)
    current = None
    if category is not None:
        current = Category.objects.filter(space=space, slug=category).first()
        if current is None:
            raise Http404
    topics = Paginator(selectors.topics_of(user=request.user, space=space, category=current), 30).get_page(
        request.GET.get("page")
    )
    context = {
        "space": space,
        "categories": selectors.categories_of(space=space),
        "current": current,
        "topics": topics,
        "can_write": policy.user_has_module_permission(request.user, CONTRIBUTE, space, MODULE),
        "can_moderate": policy.user_has_module_permission(request.user, MODERATE, space, MODULE),
        "section": MODULE,
    }
    return render(request, "forum/index.html", context)


@login_required
def category_create(request, slug):
    space = space_or_404(request, slug, MODERATE, module=MODULE)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_create(space=space, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("forum:category", slug=space.slug, category=category.slug)
    return render(
        request, "forum/form.html", {"space": space, "form": form, "title": _("New category"), "section": MODULE}
    )


@login_required
def topic_create(request, slug):
    space = space_or_404(request, slug, CONTRIBUTE, module=MODULE)
    categories = selectors.categories_of(space=space)
    initial = {}
    if request.GET.get("categorie"):
        initial["category"] = categories.filter(slug=request.GET["categorie"]).first()
    form = TopicForm(request.POST or None, categories=categories, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(space=space, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your topic is published."))
            return redirect(topic.get_absolute_url())
    return render(
        request, "forum/form.html", {"space": space, "form": form, "title": _("New topic"), "section": MODULE}
    )


@login_required
def topic(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    topic = object_or_404(request, Topic.objects.select_related("space", "category", "author"), space, pk=pk)
    user = request.user
    can_reply = policy.user_has_module_permission(user, CONTRIBUTE, space, MODULE) and (
        not topic.locked or policy.user_has_module_permission(user, MODERATE, space, MODULE)
    )
    initial = {}
    quote = request.GET.get("citer")
    if quote and quote.isdigit():
        quoted = Post.objects.filter(topic=topic, pk=int(quote)).select_related("author").first()
        if quoted is not None:
            who, text = escape(quoted.author or ""), escape(to_text(quoted.body))
            initial["body"] = f"<blockquote><p><strong>{who}</strong> :</p><p>{text}</p></blockquote>\n"
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_reply:
            raise PermissionDenied
        if form.is_valid():
            try:
                post = services.post_reply(topic=topic, author=user, body=form.cleaned_data["body"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                count = topic.posts.count()
                page = (count - 1) // POSTS_PER_PAGE + 1
                return redirect(f"{topic.get_absolute_url()}?page={page}#message-{post.pk}")
    posts = Paginator(topic.posts.select_related("author", "topic"), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    services.topic_mark_read(topic=topic, user=user)
    for post in posts:
        post.can_edit = services.may_edit(user, post)
    context = {
        "space": space,
        "topic": topic,
        "posts": posts,
        "form": form,
        "can_reply": can_reply,
        "can_moderate": policy.user_has_module_permission(user, MODERATE, space, MODULE),
        "subscribed": Subscription.objects.filter(topic=topic, user=user).exists(),
        "report_form": ReportForm(),
        "section": MODULE,
    }
    return render(request, "forum/topic.html", context)


@login_required
@require_POST
def topic_action(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    topic = object_or_404(request, Topic.objects.select_related("space"), space, pk=pk)
    action = request.POST.get("action")
    if action in ("subscribe", "unsubscribe"):
        services.topic_subscribe(topic=topic, user=request.user, subscribed=action == "subscribe")
        messages.success(
            request,
            _("You will be told of replies.") if action == "subscribe" else _("You will no longer be told of replies."),
        )
    elif action in ("pin", "unpin"):
        services.topic_moderate(topic=topic, actor=request.user, pinned=action == "pin")
    elif action in ("lock", "unlock"):
        services.topic_moderate(topic=topic, actor=request.user, locked=action == "lock")
    return redirect(topic.get_absolute_url())


@login_required
def post_edit(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    post = object_or_404(request, Post.objects.select_related("topic", "topic__space", "space"), space, pk=pk)
    if not services.may_edit(request.user, post):
        raise PermissionDenied
    form = ReplyForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, editor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(f"{post.topic.get_absolute_url()}#message-{post.pk}")
    return render(
        request, "forum/form.html", {"space": space, "form": form, "title": _("Edit the message"), "section": MODULE}
    )


@login_required
@require_POST
def post_report(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    post = object_or_404(request, Post.objects.select_related("topic", "space"), space, pk=pk)
    form = ReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why you report this message."))
        services.post_report(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Thank you: the moderators have been told."))
    return redirect(f"{post.topic.get_absolute_url()}#message-{post.pk}")
