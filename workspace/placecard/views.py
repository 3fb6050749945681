"""/espace/structure/: a place's card as the public sees it and the change waiting for the
referent, the form to propose one, and the referents' list of changes to review. Views ask the
policy through ``shortcuts`` and change things through ``services`` only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.placecard import permissions as policy
from workspace.placecard import selectors, services
from workspace.placecard.forms import PlaceCardForm
from workspace.placecard.shortcuts import place_or_404, require_card


def _render(request, template, context):
    context.setdefault("section", "placecard")
    return render(request, f"placecard/{template}", context)


@login_required
def index(request):
    user = request.user
    require_card(user)
    reviewer = policy.reviews_any(user)
    if not reviewer and user.place_id:
        return redirect("placecard:card", user.place_id)
    return _render(
        request,
        "index.html",
        {
            "reviewer": reviewer,
            "my_place": user.place if user.place_id else None,
            "pending": list(selectors.pending_cards(user)) if reviewer else [],
        },
    )


@login_required
def card(request, pk):
    place = place_or_404(request.user, pk)
    state = selectors.card_state(place)
    return _render(
        request,
        "card.html",
        {
            "place": place,
            "state": state,
            "can_propose": policy.can(request.user, policy.PROPOSE, place),
            "can_review": policy.can(request.user, policy.REVIEW, place) and state.status == selectors.PENDING,
            "admin_url": reverse("wagtailadmin_pages:edit", args=[place.pk]),
            "photos": list(place.photos.select_related("image")),
        },
    )


@login_required
def edit(request, pk):
    place = place_or_404(request.user, pk, policy.PROPOSE)
    draft = place.get_latest_revision_as_object()
    if request.method == "POST":
        form = PlaceCardForm(request.POST, request.FILES, instance=draft)
        if form.is_valid():
            try:
                services.place_card_propose(
                    user=request.user,
                    place=place,
                    changes=form.changes(),
                    photos_add=form.photos_add(),
                    photos_remove=form.cleaned_data["remove_photos"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Your changes were sent to the referent of the territory for approval."))
                return redirect("placecard:card", place.pk)
        messages.error(request, _("The card was not sent: please correct the fields shown."))
    else:
        form = PlaceCardForm(instance=draft)
    return _render(request, "edit.html", {"place": place, "form": form})


@login_required
@require_POST
def moderate(request, pk):
    place = place_or_404(request.user, pk, policy.REVIEW)
    approve = request.POST.get("decision") == "approve"
    try:
        services.place_card_moderate(
            user=request.user, place=place, approve=approve, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The changes are approved and published.")
            if approve
            else _("The changes were sent back with your comment."),
        )
    return redirect("placecard:card", place.pk)
