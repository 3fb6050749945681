from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import roles
from directory.permissions import administrable_territories
from workspace.people import services
from workspace.people.forms import ProfileForm


@login_required
def profile_edit(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=request.user)
        if form.is_valid():
            services.profile_update(user=request.user, data=form.cleaned_data)
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile-edit")
        messages.error(request, _("Your profile could not be saved. Please correct the fields shown."))
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "people/profile_edit.html", {"form": form, "section": "profile"})


# --- Registration --------------------------------------------------------------------------

REGISTRATION_RATE = 5  # requests per connection per hour


def _rate_limited(request) -> bool:
    from django.core.cache import cache

    key = f"registration-rate:{request.META.get('REMOTE_ADDR', '')}"
    count = cache.get(key, 0)
    if count >= REGISTRATION_RATE:
        return True
    cache.set(key, count + 1, 3600)
    return False


def register(request):
    from workspace.people.forms import RegistrationForm

    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                # a robot filled the invisible field: say thanks, keep nothing
                return redirect("register-thanks")
            if _rate_limited(request):
                form.add_error(None, _("Too many requests from this connection. Please try again in an hour."))
            else:
                data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                try:
                    services.registration_submit(**data, base_url=request.build_absolute_uri("/")[:-1])
                except services.RegistrationError as error:
                    form.add_error(None, str(error))
                else:
                    return redirect("register-thanks")
    else:
        form = RegistrationForm()
    return render(request, "people/register.html", {"form": form})


def register_thanks(request):
    return render(request, "people/register_thanks.html")


# --- The referents' territory console ------------------------------------------------------


def _territory_or_404(request, slug):
    from django.http import Http404

    territory = administrable_territories(request.user).filter(slug=slug).first()
    if territory is None:
        # Same answer whether the territory exists or not: nothing is learnt by guessing.
        raise Http404
    return territory


@login_required
def territory_index(request):
    territories = list(administrable_territories(request.user))
    if not territories:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if len(territories) == 1:
        return redirect("territory-console", territories[0].slug)
    from workspace.people import selectors

    rows = [(t, selectors.territory_figures(t)) for t in territories]
    return render(request, "people/territory_index.html", {"rows": rows, "section": "territories"})


@login_required
def territory_console(request, slug):
    from directory.models import PlacePage
    from workspace.contacts import selectors as contacts_selectors
    from workspace.people import selectors
    from workspace.people.forms import DeclineForm
    from workspace.people.permissions import administrable_member_ids

    territory = _territory_or_404(request, slug)
    context = {
        "territory": territory,
        "figures": selectors.territory_figures(territory),
        "pending": selectors.pending_registrations(territory),
        "decisions": selectors.recent_decisions(territory),
        "members": selectors.territory_members(territory),
        "places": PlacePage.objects.filter(territory=territory).order_by("commune", "title"),
        "decline_form": DeclineForm(),
        "reported_posts": contacts_selectors.reported_posts([territory]),
        "hidden_posts": contacts_selectors.hidden_posts([territory]),
        "grantable": [(r, roles.LABELS[r], roles.GROUP_NAMES[r]) for r in roles.grantable_by(request.user)],
        "is_coordinator": request.user.is_superuser,
        "section": "territories",
    }
    # the members whose account this user may manage: only their rows offer the actions
    context["manageable"] = administrable_member_ids(request.user, context["members"])
    return render(request, "people/territory_console.html", context)


def _post_only(view):
    from functools import wraps

    from django.views.decorators.http import require_POST

    return wraps(view)(login_required(require_POST(view)))


@_post_only
def registration_decide(request, slug, pk, decision):
    from django.shortcuts import get_object_or_404

    from workspace.people.forms import DeclineForm
    from workspace.people.models import RegistrationRequest

    territory = _territory_or_404(request, slug)
    if decision not in ("approve", "decline"):
        from django.http import Http404

        raise Http404
    registration = get_object_or_404(RegistrationRequest, pk=pk, territory=territory)
    base_url = request.build_absolute_uri("/")[:-1]
    try:
        if decision == "approve":
            services.registration_approve(actor=request.user, registration=registration, base_url=base_url)
            messages.success(
                request,
                _("%(name)s's account is created; an e-mail invites them to choose a password.")
                % {"name": registration.full_name},
            )
        else:
            form = DeclineForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.registration_decline(actor=request.user, registration=registration, reason=reason)
            messages.success(request, _("The request of %(name)s is declined.") % {"name": registration.full_name})
    except services.RegistrationError as error:
        messages.error(request, str(error))
    return redirect("territory-console", territory.slug)


@_post_only
def member_action(request, slug, pk, action):
    from django.contrib.auth import get_user_model
    from django.shortcuts import get_object_or_404

    territory = _territory_or_404(request, slug)
    if action not in ("activate", "deactivate", "password", "role"):
        from django.http import Http404

        raise Http404
    member = get_object_or_404(get_user_model(), pk=pk, territory=territory)
    try:
        if action in ("activate", "deactivate"):
            services.member_set_active(actor=request.user, member=member, active=action == "activate")
            messages.success(request, _("The account of %(name)s is updated.") % {"name": member})
        elif action == "password":
            services.member_password_reset_send(
                actor=request.user, member=member, base_url=request.build_absolute_uri("/")[:-1]
            )
            messages.success(request, _("A link to choose a new password was sent to %(name)s.") % {"name": member})
        elif action == "role":
            role = request.POST.get("role", "")
            if role not in roles.GROUP_NAMES:
                messages.error(request, _("Unknown role."))
            else:
                services.member_role_set(
                    actor=request.user, member=member, role=role, granted=request.POST.get("granted") == "1"
                )
                messages.success(request, _("The roles of %(name)s are updated.") % {"name": member})
    except services.RegistrationError as error:
        messages.error(request, str(error))
    return redirect(f"/espace/territoires/{territory.slug}/#membres")


@login_required
def audit_log(request):
    from django.core.exceptions import PermissionDenied
    from django.core.paginator import Paginator

    from workspace.people.forms import AuditFilterForm
    from workspace.people.models import AuditEntry
    from workspace.people.permissions import can_read_audit_log

    if not can_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("actor", "territory")
    if form.is_valid():
        if form.cleaned_data["territory"]:
            entries = entries.filter(territory=form.cleaned_data["territory"])
        if form.cleaned_data["action"]:
            entries = entries.filter(action=form.cleaned_data["action"])
        if form.cleaned_data["q"]:
            entries = entries.filter(summary__icontains=form.cleaned_data["q"])
    page_obj = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "people/audit_log.html", {"form": form, "page_obj": page_obj, "section": "audit"})


# --- Members: directory and profiles ---------------------------------------------------------


@login_required
def member_directory(request):
    from django.core.paginator import Paginator

    from workspace.contacts.selectors import contact_ids
    from workspace.people import selectors
    from workspace.people.forms import MemberFilterForm

    form = MemberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.member_directory(
        request.user,
        q=filters.get("q", ""),
        territory=filters.get("territory"),
        place=filters.get("place"),
        skill=filters.get("skill", ""),
    )
    page_obj = Paginator(members, 24).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj, "contacts": contact_ids(request.user), "section": "directory"}
    return render(request, "people/member_directory.html", context)


@login_required
def member_profile(request, pk):
    from django.contrib.auth import get_user_model
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from workspace.contacts import selectors as contacts
    from workspace.people.permissions import can_see_field, can_see_profile

    member = get_object_or_404(get_user_model().objects.select_related("place", "territory"), pk=pk)
    if not can_see_profile(request.user, member):
        raise Http404
    relation = contacts.relation(request.user, member)
    linked = relation == "contact"
    context = {
        "member": member,
        "relation": relation,
        "show_email": can_see_field(request.user, member, member.email_visibility, are_contacts=linked),
        "show_phone": can_see_field(request.user, member, member.phone_visibility, are_contacts=linked),
        "skills": list(member.skills.all()),
        "received_request": contacts.requests_received(request.user).filter(sender=member).first(),
        "sent_request": contacts.requests_sent(request.user).filter(recipient=member).first(),
        "groups_in_common": _groups_in_common(request.user, member),
        "section": "profile" if relation == "self" else "directory",
    }
    return render(request, "people/member_profile.html", context)


PHOTO_CACHE_SECONDS = 3600  # in the viewer's own browser only; photo_url changes with the photo


@login_required
def member_photo(request, pk):
    """A member's photo, to whoever may see their profile; the same 404 otherwise."""
    from django.contrib.auth import get_user_model
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from core.serving import private_file_response
    from workspace.people.permissions import can_see_profile

    member = get_object_or_404(get_user_model(), pk=pk)
    if not can_see_profile(request.user, member):
        raise Http404
    name = member.photo.name
    extension = name.rpartition(".")[2] if "." in name else ""
    return private_file_response(
        member.photo,
        filename=f"photo-{member.pk}.{extension}".rstrip("."),  # the storage's name stays private
        inline=True,
        cache_seconds=PHOTO_CACHE_SECONDS,
    )


def _groups_in_common(viewer, member):
    """Working groups both belong to, when the spaces module is installed."""
    try:
        from workspace.spaces.models import Membership, Space
    except ImportError:
        return []
    try:
        mine = Membership.objects.filter(user=viewer).values("space_id")
        return list(
            Space.objects.filter(pk__in=mine, kind="group", memberships__user=member).distinct().order_by("name")
        )
    except Exception:  # noqa: BLE001 - the spaces module is still settling: never break a profile
        return []
