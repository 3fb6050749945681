"""The weekly counting grid's rows, as the network's evaluation defined them: the services an
esp@p gives, the visio-accueil interviews per partner agency, and the publics received."""

from django.utils.translation import pgettext_lazy

SERVICES = {
    "information": pgettext_lazy("espap service", "Information and orientation"),
    "documents": pgettext_lazy("espap service", "Documents and leaflets handed out"),
    "online_help": pgettext_lazy("espap service", "Help with online public services"),
    "scan_print_send": pgettext_lazy("espap service", "Scan, print and send documents"),
    "guided_search": pgettext_lazy("espap service", "Guided internet search"),
}
SERVICE_KEYS = tuple(SERVICES)

PUBLICS = {
    "young": pgettext_lazy("espap public", "Under 26"),
    "adults": pgettext_lazy("espap public", "26 to 59"),
    "seniors": pgettext_lazy("espap public", "60 and over"),
    "jobseekers": pgettext_lazy("espap public", "Of whom jobseekers"),
}
PUBLIC_KEYS = tuple(PUBLICS)


def agency_codes() -> tuple[str, ...]:
    from directory.models import PartnerAgency

    return tuple(PartnerAgency.objects.order_by("name").values_list("code", flat=True))
