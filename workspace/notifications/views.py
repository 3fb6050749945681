from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.notifications import selectors, services
from workspace.notifications.models import Notification


@login_required
def index(request):
    page = Paginator(selectors.notifications_of(user=request.user), 30).get_page(request.GET.get("page"))
    context = {
        "notifications": page,
        "unread": services.unread_count(request.user),
        "daily_digest": selectors.wants_digest(user=request.user),
        "section": "notifications",
    }
    return render(request, "notifications/index.html", context)


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("id")
    ids = [int(i) for i in ids if i.isdigit()] if ids else None
    services.mark_read(user=request.user, ids=ids)
    return redirect("notifications:index")


@login_required
def open_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:index"
    return redirect(target)


@login_required
@require_POST
def preferences(request):
    wanted = request.POST.get("daily_digest") == "on"
    services.preference_set(user=request.user, daily_digest=wanted)
    messages.success(
        request, _("You will receive a daily e-mail digest.") if wanted else _("No more daily e-mail digest.")
    )
    return redirect("notifications:index")
