"""esp@p's anonymous figures for the public statistics page (``core.figures``): the video
interviews held this year, the survey's satisfaction (only once there are enough answers for a
share to mean something and to say nothing of anyone) and the number of esp@p sites. Counts only,
nothing about a person; the public site never imports this module (``apps.py`` registers
``PUBLIC_FIGURES``)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.figures import FigureProvider
from workspace.espap import permissions as policy
from workspace.espap.models import Appointment, SurveyAnswer
from workspace.espap.selectors import aware
from workspace.espap.survey import SATISFIED, percent

MIN_ANSWERS = 5  # below it, the shares are left out


def public_figures(today: datetime.date | None = None) -> list[dict]:
    """[{"value", "label"}] of the calendar year of ``today``."""
    today = today or timezone.localdate()
    year = today.year
    held = Appointment.objects.filter(
        status=Appointment.Status.SEEN,
        slot__starts_at__gte=aware(datetime.date(year, 1, 1)),
        slot__starts_at__lt=aware(datetime.date(year + 1, 1, 1)),
    ).count()
    figures = [{"value": held, "label": _("video interviews held in %(year)s") % {"year": year}}]
    survey = (
        SurveyAnswer.objects.filter(answered_on__year=year)
        .order_by()
        .aggregate(
            n=Count("pk"),
            satisfied=Count("pk", filter=Q(satisfaction__gte=SATISFIED)),
            recommend=Count("pk", filter=Q(would_recommend=True)),
        )
    )
    if survey["n"] >= MIN_ANSWERS:
        figures += [
            {
                "value": percent(survey["satisfied"], survey["n"]),
                "label": _("%% of the people who answered the survey in %(year)s were satisfied") % {"year": year},
            },
            {
                "value": percent(survey["recommend"], survey["n"]),
                "label": _("%% would recommend esp@p to someone close (survey %(year)s)") % {"year": year},
            },
        ]
    figures.append({"value": policy.sites().count(), "label": _("esp@p public-service points")})
    return figures


PUBLIC_FIGURES = FigureProvider(
    slug="espap", title=gettext_lazy("esp@p, public-service points"), load=public_figures, order=60
)
