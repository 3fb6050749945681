"""Admin integration: the import view, the referents' groups, territory follows a move."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.signals import post_page_move

from directory import permissions, services
from directory.forms import PlaceImportForm
from directory.models import PlacePage, TerritoryPage


def import_view(request):
    """Upload a CSV of the national schema; show what was created, updated and rejected, line by line."""
    territories = permissions.administrable_territories(request.user)
    if not territories.exists():
        raise PermissionDenied
    report = None
    if request.method == "POST":
        form = PlaceImportForm(request.POST, request.FILES, territories=territories)
        if form.is_valid():
            report = services.places_import(
                text=form.cleaned_data["file"],
                user=request.user,
                default_territory=form.cleaned_data["territory"],
            )
            level = messages.WARNING if report.rejected else messages.SUCCESS
            messages.add_message(
                request,
                level,
                _("%(accepted)s lines accepted (%(created)s created, %(updated)s updated), %(rejected)s rejected.")
                % {
                    "accepted": report.accepted,
                    "created": report.created,
                    "updated": report.updated,
                    "rejected": len(report.rejected),
                },
            )
    else:
        form = PlaceImportForm(territories=territories)
    return render(request, "directory/admin/import.html", {"form": form, "report": report})


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
