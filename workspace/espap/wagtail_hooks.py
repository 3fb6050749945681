"""The coordinator manages the agencies' advisors in the Wagtail admin (a snippet): who works for
which agency, and the phone number given to the mediators when a video call cannot be made. The
``agency_advisor`` role itself is given in the people's administration."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from workspace.espap.models import Advisor


class AdvisorViewSet(SnippetViewSet):
    model = Advisor
    icon = "user"
    menu_label = _("esp@p advisors")
    list_display = ["user", "agency", "phone"]
    list_filter = ["agency"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    panels = [FieldPanel("user"), FieldPanel("agency"), FieldPanel("phone")]


register_snippet(AdvisorViewSet)
