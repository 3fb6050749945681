from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from workspace.spaces.permissions import CONTRIBUTE, policy
from workspace.spaces.shortcuts import space_or_404


@login_required
def index(request, slug):
    space = space_or_404(request, slug, module="essai")
    may_write = policy.user_has_module_permission(request.user, CONTRIBUTE, space, "essai")
    return HttpResponse(f"Essai de {space.name} ({'écriture' if may_write else 'lecture'})")


@login_required
def root(request):
    return HttpResponse("Tous les essais")
