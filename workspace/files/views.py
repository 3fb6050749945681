"""Files of a space. Downloads go through Django, after the policy: never a public URL."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.serving import private_file_response
from workspace.files import selectors, services
from workspace.files.forms import FolderForm, MoveForm, RenameForm, UploadForm
from workspace.files.models import Folder, StoredFile
from workspace.spaces.permissions import CHANGE, CONTRIBUTE, DELETE, policy
from workspace.spaces.shortcuts import object_or_404, space_or_404
from workspace.spaces.views import error_text

MODULE = "files"


def _folder(space, value):
    if not value:
        return None
    if not str(value).isdigit():
        raise Http404
    folder = Folder.objects.filter(space=space, pk=int(value)).first()
    if folder is None:
        raise Http404
    return folder


def _breadcrumbs(folder):
    trail = []
    while folder is not None:
        trail.insert(0, folder)
        folder = folder.parent
    return trail


@login_required
def index(request, slug):
    space = space_or_404(request, slug, module=MODULE)
    folder = _folder(space, request.GET.get("dossier"))
    usage = services.space_usage(space)
    from django.conf import settings

    quota = settings.WORKSPACE_SPACE_QUOTA_BYTES
    context = {
        "space": space,
        "folder": folder,
        "trail": _breadcrumbs(folder),
        "folders": selectors.folders_in(space=space, parent=folder),
        "files": selectors.files_in(user=request.user, space=space, folder=folder),
        "can_write": policy.user_has_module_permission(request.user, CONTRIBUTE, space, MODULE),
        "upload_form": UploadForm(),
        "folder_form": FolderForm(),
        "usage": usage,
        "quota": quota,
        "percent": min(100, round(usage * 100 / quota)) if quota else 0,
        "section": MODULE,
    }
    return render(request, "files/index.html", context)


@login_required
@require_POST
def upload(request, slug):
    space = space_or_404(request, slug, CONTRIBUTE, module=MODULE)
    folder = _folder(space, request.POST.get("dossier"))
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    uploads = request.FILES.getlist("files")
    done, errors = [], []
    if not uploads:
        errors.append(_("Choose at least one file."))
    for item in uploads:
        try:
            done.append(services.file_upload(space=space, actor=request.user, upload=item, folder=folder))
        except ValidationError as error:
            errors.append(error_text(error))
        except PermissionDenied as error:  # a colleague's file of the same name: said, not a 403
            errors.append(str(error))
    if wants_json:
        status = 200 if done or not errors else 400
        return JsonResponse({"saved": [f.name for f in done], "errors": errors}, status=status)
    if done:
        messages.success(request, _("Saved: %(names)s.") % {"names": ", ".join(f.name for f in done)})
    for error in errors:
        messages.error(request, error)
    url = redirect("files:index", slug=space.slug)
    if folder:
        url["Location"] += f"?dossier={folder.pk}"
    return url


@login_required
@require_POST
def folder_create(request, slug):
    space = space_or_404(request, slug, CONTRIBUTE, module=MODULE)
    parent = _folder(space, request.POST.get("dossier"))
    form = FolderForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the folder a name."))
        folder = services.folder_create(space=space, actor=request.user, name=form.cleaned_data["name"], parent=parent)
    except ValidationError as error:
        messages.error(request, error_text(error))
        folder = parent
    url = redirect("files:index", slug=space.slug)
    if folder:
        url["Location"] += f"?dossier={folder.pk}"
    return url


def _file(request, space, pk, deleted=False):
    qs = StoredFile.objects.select_related("space", "folder", "created_by", "updated_by")
    stored = object_or_404(request, qs, space, pk=pk)
    if stored.deleted_at is not None and not deleted:
        raise Http404
    return stored


@login_required
def detail(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    stored = _file(request, space, pk, deleted=True)
    user = request.user
    context = {
        "space": space,
        "file": stored,
        "versions": stored.versions.select_related("uploaded_by"),
        "can_change": policy.user_has_permission_for_instance(user, CHANGE, stored),
        "can_delete": policy.user_has_permission_for_instance(user, DELETE, stored),
        "can_write": policy.user_has_module_permission(user, CONTRIBUTE, space, MODULE),
        "rename_form": RenameForm(initial={"name": stored.name}),
        "move_form": MoveForm(folders=Folder.objects.filter(space=space), initial={"folder": stored.folder}),
        "section": MODULE,
    }
    return render(request, "files/detail.html", context)


def _serve(stored, version_number, inline: bool):
    versions = stored.versions.all()
    version = versions.filter(number=version_number).first() if version_number else versions.first()
    if version is None:
        raise Http404
    # Strict headers (sandboxing CSP, nosniff, private and not stored), bytes streamed by Django
    # or, behind nginx, by X-Accel-Redirect.
    return private_file_response(
        version.blob,
        filename=stored.name if version.number == stored.version_count else version.original_name,
        content_type=version.content_type,
        inline=inline,
    )


@login_required
def download(request, slug, pk):
    """The only way to a file's bytes: after the policy said yes, as an attachment."""
    space = space_or_404(request, slug, module=MODULE)
    stored = _file(request, space, pk, deleted=True)
    number = request.GET.get("version")
    return _serve(stored, int(number) if number and number.isdigit() else None, inline=False)


@login_required
def preview(request, slug, pk):
    """Images and PDFs shown in the page; anything else is downloaded."""
    space = space_or_404(request, slug, module=MODULE)
    stored = _file(request, space, pk)
    return _serve(stored, None, inline=stored.is_image or stored.is_pdf)


@login_required
@require_POST
def manage(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    stored = _file(request, space, pk, deleted=True)
    action = request.POST.get("action")
    user = request.user
    try:
        if action == "rename":
            form = RenameForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the file a name."))
            services.file_rename(file=stored, actor=user, name=form.cleaned_data["name"])
            messages.success(request, _("The file is renamed."))
        elif action == "move":
            form = MoveForm(request.POST, folders=Folder.objects.filter(space=space))
            if not form.is_valid():
                raise ValidationError(_("Choose a folder of this space."))
            services.file_move(file=stored, actor=user, folder=form.cleaned_data["folder"])
            messages.success(request, _("The file is moved."))
        elif action == "version":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose a file."))
            services.file_version_upload(file=stored, actor=user, upload=upload)
            messages.success(request, _("New version saved; the old ones are kept."))
        elif action == "delete":
            services.file_delete(file=stored, actor=user)
            messages.success(request, _("The file is in the trash for 30 days."))
            return redirect("files:index", slug=space.slug)
        elif action == "restore":
            services.file_restore(file=stored, actor=user)
            messages.success(request, _("The file is restored."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    except PermissionDenied:
        raise
    return redirect("files:detail", slug=space.slug, pk=stored.pk)


@login_required
def trash(request, slug):
    space = space_or_404(request, slug, module=MODULE)
    context = {
        "space": space,
        "files": selectors.trash_of(user=request.user, space=space),
        "days": services.TRASH_DAYS,
        "section": MODULE,
    }
    return render(request, "files/trash.html", context)
