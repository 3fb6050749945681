from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspace.notes import selectors, services
from workspace.notes.forms import NoteForm
from workspace.notes.models import Note
from workspace.notes.permissions import MODULE, PIN
from workspace.spaces.permissions import CHANGE, CONTRIBUTE, DELETE, policy
from workspace.spaces.shortcuts import object_or_404, space_or_404
from workspace.spaces.views import apply_errors


def _note(request, space, pk):
    return object_or_404(request, Note.objects.select_related("space", "updated_by", "created_by"), space, pk=pk)


@login_required
def index(request, slug):
    space = space_or_404(request, slug, module=MODULE)
    context = {
        "space": space,
        "notes": selectors.notes_of(user=request.user, space=space),
        "can_write": policy.user_has_module_permission(request.user, CONTRIBUTE, space, MODULE),
        "section": MODULE,
    }
    return render(request, "notes/index.html", context)


@login_required
def create(request, slug):
    space = space_or_404(request, slug, CONTRIBUTE, module=MODULE)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.note_create(space=space, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The note is saved."))
            return redirect(note.get_absolute_url())
    return render(request, "notes/form.html", {"space": space, "form": form, "section": MODULE})


@login_required
def detail(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    note = _note(request, space, pk)
    user = request.user
    context = {
        "space": space,
        "note": note,
        "revisions": note.revisions.select_related("edited_by")[:20],
        "can_edit": policy.user_has_permission_for_instance(user, CHANGE, note),
        "can_delete": policy.user_has_permission_for_instance(user, DELETE, note),
        "can_pin": policy.user_has_module_permission(user, PIN, space, MODULE),
        "section": MODULE,
    }
    return render(request, "notes/detail.html", context)


@login_required
def edit(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    note = _note(request, space, pk)
    if not policy.user_has_permission_for_instance(request.user, CHANGE, note):
        raise PermissionDenied
    form = NoteForm(request.POST or None, initial={"title": note.title, "body": note.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(note=note, editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The note is saved."))
            return redirect(note.get_absolute_url())
    return render(request, "notes/form.html", {"space": space, "form": form, "note": note, "section": MODULE})


@login_required
@require_POST
def pin(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    note = _note(request, space, pk)
    services.note_pin(note=note, actor=request.user, pinned=not note.pinned)
    return redirect(note.get_absolute_url())


@login_required
@require_POST
def delete(request, slug, pk):
    space = space_or_404(request, slug, module=MODULE)
    note = _note(request, space, pk)
    services.note_delete(note=note, actor=request.user)
    messages.success(request, _("The note is deleted."))
    return redirect("notes:index", slug=space.slug)
