"""The visitors' pages: register online to a workshop, and cancel with the personal link of the
confirmation e-mail. Personal answers are never cached by a shared cache; a connection may send
a limited number of registrations an hour (only a keyed hash of its address is kept)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from core.throttle import exceeded
from home.models import EventPage
from workspace.publishing import selectors, services
from workspace.publishing.forms import CONSENT_WORDING, RegistrationForm
from workspace.publishing.models import Registration

THROTTLE_COUNT = 20  # registrations a connection may send …
THROTTLE_SECONDS = 3600  # … in this time


def _private(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def throttled(client_address: str) -> bool:
    return exceeded("publishing-register", client_address, limit=THROTTLE_COUNT, seconds=THROTTLE_SECONDS)


def register(request, event):
    if not 0 < event < 2**63:
        raise Http404
    event = EventPage.objects.live().public().select_related("place").filter(pk=event).first()
    if event is None or event.registration != EventPage.Registration.ONLINE:
        raise Http404
    refusal = services.registration_refusal(event)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        if form.cleaned_data.get("website"):  # the honeypot: a robot filled the hidden field
            return _private(render(request, "publishing/public_done.html", {"event": event, "registration": None}))
        if throttled(request.META.get("REMOTE_ADDR", "")):
            form.add_error(None, _("Too many registrations from this connection: try again in an hour."))
        else:
            try:
                registration = services.registration_create(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data.get("email", ""),
                    phone=form.cleaned_data.get("phone", ""),
                    consent_text=str(CONSENT_WORDING),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        for message in errors:
                            form.add_error(field if field in form.fields else None, message)
                else:
                    form.add_error(None, " ".join(error.messages))
            else:
                return _private(
                    render(request, "publishing/public_done.html", {"event": event, "registration": registration})
                )
    return _private(
        render(
            request,
            "publishing/public_register.html",
            {"event": event, "form": form, "refusal": refusal, "places_left": selectors.places_left(event)},
        )
    )


def cancel(request, token):
    registration = Registration.objects.select_related("event").filter(token=token[:64]).first()
    if registration is None:
        raise Http404
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        services.registration_cancel(registration=registration)
        messages.success(request, _("Your registration is cancelled. Thank you for freeing your place."))
        return _private(redirect("publishing-public:cancel", token=registration.token))
    return _private(render(request, "publishing/public_cancel.html", {"registration": registration}))
