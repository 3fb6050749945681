"""System checks of the module contract (``manage.py check`` runs them, so does CI).

- Two modules may not claim the same URL segment, root segment, widget, socket frame or event.
- A module's segment in a space may not be a page of the space itself (``membres``…).
- No existing space may have a slug that a page under /espace/ now answers (database check:
  ``manage.py check --database default``, also run by ``migrate``): a module added later would
  otherwise hide a group whose address was free when it was made.
"""

from django.core import checks
from django.utils.module_loading import import_string


@checks.register("maillage")
def module_contract_check(app_configs=None, **kwargs):
    from workspace.spaces import modules as registry
    from workspace.spaces.urls import SPACE_PAGES

    errors = []
    seen_segments, seen_roots, seen_frames, seen_events = {}, {}, {}, {}
    for module in registry.all_modules():
        if module.urls:
            if module.segment in seen_segments:
                errors.append(
                    checks.Error(
                        f"Modules {seen_segments[module.segment]!r} and {module.slug!r} both use the segment "
                        f"{module.segment!r} in a space.",
                        id="maillage.E001",
                    )
                )
            seen_segments[module.segment] = module.slug
            if module.segment in SPACE_PAGES:
                errors.append(
                    checks.Error(
                        f"Module {module.slug!r} uses the segment {module.segment!r}, a page of every space.",
                        id="maillage.E002",
                    )
                )
        if module.root_urls and module.root_segment:
            if module.root_segment in seen_roots:
                errors.append(
                    checks.Error(
                        f"Modules {seen_roots[module.root_segment]!r} and {module.slug!r} both mount their pages "
                        f"at /espace/{module.root_segment}/.",
                        id="maillage.E003",
                    )
                )
            seen_roots[module.root_segment] = module.slug
        if module.socket:
            handler = import_string(module.socket)
            for table, seen in ((handler.frames, seen_frames), (handler.events, seen_events)):
                for name in table:
                    if name in seen:
                        errors.append(
                            checks.Error(
                                f"Modules {seen[name]!r} and {module.slug!r} both handle {name!r} on the socket.",
                                id="maillage.E004",
                            )
                        )
                    seen[name] = module.slug
    try:
        registry.widgets()
    except ValueError as error:
        errors.append(checks.Error(str(error), id="maillage.E005"))
    return errors


@checks.register("maillage", checks.Tags.database)
def reserved_slugs_check(app_configs=None, databases=None, **kwargs):
    """Spaces whose address a page under /espace/ answers first."""
    if not databases:
        return []
    from django.db import DatabaseError

    from workspace.spaces.addresses import NETWORK_SLUG, reserved_words
    from workspace.spaces.models import Space

    words = reserved_words() - {NETWORK_SLUG}
    try:
        hidden = list(Space.objects.filter(slug__in=sorted(words)).values_list("slug", flat=True))
    except DatabaseError:  # not migrated yet
        return []
    return [
        checks.Error(
            f"The space “{slug}” has an address that /espace/{slug}/ now answers with another page.",
            hint="Rename its slug (Space.slug), e.g. to groupe-" + slug + ".",
            id="maillage.E006",
        )
        for slug in hidden
    ]
