"""Working groups: list, create, members, settings, invitations. Thin: the services decide."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.spaces import modules as registry
from workspace.spaces import selectors, services
from workspace.spaces.forms import GroupCreateForm, GroupForm, InviteForm, JoinForm, ReopenForm, RoleForm
from workspace.spaces.models import Invitation, Space
from workspace.spaces.permissions import ADMINISTER, DISCOVER, JOIN, VIEW, policy
from workspace.spaces.shortcuts import space_or_404


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def apply_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def space_home(request, slug):
    """A space's home: for its readers, what the desk module renders (``Module.home``: the
    widgets); for a member who may only know the group exists, its presentation and the way in."""
    space = space_or_404(request, slug, DISCOVER)
    if space.kind == Space.Kind.PERSONAL:
        return redirect("workspace-home")
    if policy.user_has_permission(request.user, VIEW, space):
        home = registry.home_view()
        if home is None:  # no module renders a home
            raise Http404
        return home(request, space)
    context = {
        "space": space,
        "pending": selectors.my_pending_request(user=request.user, space=space),
        "can_join": policy.user_has_permission(request.user, JOIN, space),
        "join_form": JoinForm(),
        "member_count": space.memberships.count(),
    }
    return render(request, "spaces/presentation.html", context)


@login_required
def groups(request):
    user = request.user
    context = {
        "active_groups": selectors.groups_of(user=user, archived=False),
        "archived_groups": selectors.groups_of(user=user, archived=True),
        "to_join": selectors.groups_to_join(user=user),
        "invitations": selectors.invitations_for(user=user),
        "section": "groups",
    }
    return render(request, "spaces/groups.html", context)


@login_required
def group_create(request):
    form = GroupCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            space = services.group_create(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The group “%(name)s” is created. Invite its members.") % {"name": space.name})
            return redirect("spaces:members", slug=space.slug)
    return render(request, "spaces/group_form.html", {"form": form, "section": "groups"})


@login_required
def members(request, slug):
    space = space_or_404(request, slug)
    if space.kind == Space.Kind.PERSONAL:
        raise Http404
    can_admin = policy.user_has_permission(request.user, ADMINISTER, space)
    invite_form = InviteForm(request.POST or None) if can_admin else None
    if request.method == "POST":
        if not can_admin:
            raise PermissionDenied
        if invite_form.is_valid():
            try:
                invitation = services.member_invite(space=space, actor=request.user, **invite_form.cleaned_data)
            except ValidationError as error:
                apply_errors(invite_form, error)
            else:
                if invitation.status == Invitation.Status.ACCEPTED:
                    messages.success(request, _("%(name)s has joined the group.") % {"name": invitation.user})
                else:
                    messages.success(
                        request, _("Invitation sent to %(who)s.") % {"who": invitation.user or invitation.email}
                    )
                return redirect("spaces:members", slug=space.slug)
    context = {
        "space": space,
        "memberships": selectors.members_of(user=request.user, space=space),
        "pending": selectors.requests_pending(user=request.user, space=space) if can_admin else [],
        "can_admin": can_admin,
        "invite_form": invite_form,
        "role_choices": RoleForm.base_fields["role"].choices,
        "membership": selectors.membership_of(user=request.user, space=space),
        "section": "members",
    }
    return render(request, "spaces/members.html", context)


@login_required
@require_POST
def member_update(request, slug, user_id):
    space = space_or_404(request, slug, ADMINISTER)
    member = get_object_or_404(get_user_model(), pk=user_id, memberships__space=space)
    try:
        if request.POST.get("action") == "remove":
            services.member_remove(space=space, actor=request.user, user=member)
            messages.success(request, _("%(name)s is no longer a member of the group.") % {"name": member})
        else:
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a role."))
            services.member_role_change(space=space, actor=request.user, user=member, role=form.cleaned_data["role"])
            messages.success(request, _("The role of %(name)s is changed.") % {"name": member})
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("spaces:members", slug=space.slug)


@login_required
@require_POST
def leave(request, slug):
    space = space_or_404(request, slug)
    try:
        services.member_leave(space=space, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("spaces:members", slug=space.slug)
    messages.success(request, _("You have left the group “%(name)s”.") % {"name": space.name})
    return redirect("spaces:groups")


@login_required
def join(request, slug):
    space = space_or_404(request, slug, DISCOVER)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.join_request(space=space, user=request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if result.status == Invitation.Status.ACCEPTED:
                messages.success(request, _("Welcome to the group “%(name)s”.") % {"name": space.name})
            else:
                messages.success(request, _("Your request has been sent to the group's administrators."))
        return redirect("spaces:detail", slug=space.slug)
    return redirect("spaces:detail", slug=space.slug)


@login_required
@require_POST
def invitation_answer(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, user=request.user, kind=Invitation.Kind.INVITATION)
    accept = request.POST.get("answer") == "accept"
    try:
        services.invitation_answer(invitation=invitation, user=request.user, accept=accept)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("spaces:groups")
    if accept:
        messages.success(request, _("Welcome to the group “%(name)s”.") % {"name": invitation.space.name})
        return redirect("spaces:detail", slug=invitation.space.slug)
    messages.success(request, _("Invitation declined."))
    return redirect("spaces:groups")


@login_required
@require_POST
def request_answer(request, slug, pk):
    space = space_or_404(request, slug, ADMINISTER)
    invitation = get_object_or_404(Invitation, pk=pk, space=space, status=Invitation.Status.PENDING)
    try:
        if request.POST.get("answer") == "cancel" or invitation.kind == Invitation.Kind.INVITATION:
            services.invitation_cancel(invitation=invitation, actor=request.user)
            messages.success(request, _("Invitation cancelled."))
        else:
            accept = request.POST.get("answer") == "accept"
            services.join_request_answer(invitation=invitation, actor=request.user, accept=accept)
            messages.success(request, _("Request accepted.") if accept else _("Request declined."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("spaces:members", slug=space.slug)


@login_required
def settings_view(request, slug):
    space = space_or_404(request, slug, ADMINISTER)
    if space.kind == Space.Kind.PERSONAL:
        raise Http404
    initial = {f: getattr(space, f) for f in ("name", "purpose", "visibility", "starts_on", "ends_on")}
    form = GroupForm(request.POST or None, initial=initial) if space.is_group else None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "modules":
                wanted = set(request.POST.getlist("modules"))
                for module in registry.all_modules():
                    if module.supports(space.kind):
                        services.module_set(
                            space=space, actor=request.user, module=module.slug, enabled=module.slug in wanted
                        )
                messages.success(request, _("The modules are saved."))
                return redirect("spaces:settings", slug=space.slug)
            if action == "archive":
                services.group_archive(space=space, actor=request.user)
                messages.success(request, _("The group is archived: it is now read-only."))
                return redirect("spaces:settings", slug=space.slug)
            if action == "reopen":
                reopen = ReopenForm(request.POST)
                if reopen.is_valid():
                    services.group_reopen(space=space, actor=request.user, ends_on=reopen.cleaned_data["ends_on"])
                    messages.success(request, _("The group is open again."))
                else:
                    messages.error(request, _("Enter a valid date."))
                return redirect("spaces:settings", slug=space.slug)
            if form is not None and form.is_valid():
                services.group_update(space=space, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The group's settings are saved."))
                return redirect("spaces:settings", slug=space.slug)
        except ValidationError as error:
            if form is not None and action == "save":
                apply_errors(form, error)
            else:
                messages.error(request, error_text(error))
    states = registry.states(space)
    module_rows = [{"module": m, "enabled": states[m.slug]} for m in registry.space_modules(space.kind) if m.switchable]
    context = {
        "space": space,
        "form": form,
        "module_rows": module_rows,
        "reopen_form": ReopenForm(),
        "section": "settings",
    }
    return render(request, "spaces/settings.html", context)
