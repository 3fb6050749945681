"""Admin integration: the import view, the referents' groups, territory follows a move."""

from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.signals import post_page_move

from directory import permissions, services
from directory.forms import PlaceImportForm
from directory.models import PlacePage, TerritoryPage

PROGRESS_MARK = "<!-- import-progress -->"


def _import_stream(request, *, text: str, territory):
    """The import page, sent as it goes: its top, a progress bar after each batch, then the report.

    A file of thousands of lines takes minutes; the referent sees how far it has got. Under
    ASGI the lines go out as an async iterator (a sync one would be read to the end first).
    """
    language = translation.get_language()
    head, tail = render_to_string(
        "directory/admin/import.html", {"form": None, "importing": True}, request=request
    ).split(PROGRESS_MARK, 1)
    steps = services.places_import_steps(text=text, user=request.user, default_territory=territory)

    def step():
        with translation.override(language):
            report = next(steps, None)
            if report is None:
                return None, ""
            template = "directory/admin/import_report.html" if report.done >= report.total else None
            html = render_to_string("directory/admin/import_progress.html", {"report": report})
            return report, html + (render_to_string(template, {"report": report}) if template else "")

    def sync_stream():
        yield head
        while (result := step())[0] is not None:
            yield result[1]
        yield tail

    async def async_stream():
        yield head
        while (result := await sync_to_async(step)())[0] is not None:
            yield result[1]
        yield tail

    stream = async_stream() if isinstance(request, ASGIRequest) else sync_stream()
    response = StreamingHttpResponse(stream, content_type="text/html; charset=utf-8")
    response["X-Accel-Buffering"] = "no"  # nginx: pass each batch on at once
    response["Cache-Control"] = "no-store"
    return response


def import_view(request):
    """Upload a CSV of the national schema; show the progress, then what was created, updated and
    rejected, line by line."""
    territories = permissions.administrable_territories(request.user)
    if not territories.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = PlaceImportForm(request.POST, request.FILES, territories=territories)
        if form.is_valid():
            return _import_stream(request, text=form.cleaned_data["file"], territory=form.cleaned_data["territory"])
    else:
        form = PlaceImportForm(territories=territories)
    return render(request, "directory/admin/import.html", {"form": form})


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("annuaire/import/", import_view, name="directory_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.administrable_territories(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import places"), reverse("directory_import"), icon_name="upload", order=250)


@hooks.register("after_create_page")
def territory_page_created(request, page):
    if isinstance(page.specific, TerritoryPage):
        services.territory_group_sync(territory=page.specific.territory)


def _place_moved(sender, instance, **kwargs):
    services.place_territory_sync(place=PlacePage.objects.get(pk=instance.pk))


post_page_move.connect(_place_moved, sender=PlacePage)
