"""Who may do what in esp@p: the single place that answers it, per object and as a queryset (the
two agree, a test checks it).

- the **coordinator** sees every site, appointment, grid and figure, sets the survey period and
  validates any grid; they are not a participant of calls and do not see inhabitants' details;
- an **advisor** (an ``Advisor`` row and the ``agency_advisor`` role) publishes their slots, sees
  the appointments of their agency, joins the calls of their own slots, records outcomes and
  keeps follow-up notes; other sites' data they see is the public one;
- a **mediator** (an animator whose place is an esp@p site) books and follows their site's
  appointments, joins their calls, sends documents, fills their site's weekly grid;
- a **referent** reads their territory's sites, appointments (without personal data) and figures,
  and validates or unlocks their grids.

The **participants** of an appointment are the advisor of its slot and the mediators of its site:
only they see the inhabitant's name, contact and subject, the documents sent and the call's
signalling. An appointment one may not see answers 404 (``shortcuts``); a page about no
appointment in particular answers 404 to members outside the scheme, 403 to the others.

Nothing here is cached between requests: each answer reads the member's roles and place now.
"""

from django.db.models import Q

from core import roles
from core.users import is_active_member

VIEW = "view"
PERSONAL = "personal"  # the inhabitant's details, the documents, the call
BOOK = "book"  # book, confirm, cancel, reschedule at the site
PUBLISH = "publish"  # an advisor's slots
OUTCOME = "outcome"  # seen / no-show / excused, category, follow-up note
GRID = "grid"  # fill a site's weekly grid
VALIDATE = "validate"  # validate or unlock a grid
DASHBOARD = "dashboard"  # figures, exports, the meeting pack
SURVEY = "survey"  # set the survey period

ACTIONS = (VIEW, PERSONAL, BOOK, PUBLISH, OUTCOME, GRID, VALIDATE, DASHBOARD, SURVEY)


def is_coordinator(user) -> bool:
    return is_active_member(user) and (user.is_superuser or roles.has_role(user, roles.COORDINATOR))


def advisor_of(user):
    """The ``Advisor`` row of ``user`` when they work as an agency advisor now, else None."""
    from workspace.espap.models import Advisor

    if not is_active_member(user) or not roles.has_role(user, roles.AGENCY_ADVISOR):
        return None
    return Advisor.objects.select_related("agency").filter(user=user).first()


_MEDIATOR_SITE = "_espap_mediator_site_id"
roles.USER_MEMOS.add(_MEDIATOR_SITE)


def mediator_site_id(user) -> int | None:
    """The esp@p site ``user`` mediates at (their place, when it is an esp@p site), else None."""
    from directory.models import PlacePage

    if not is_active_member(user) or not user.place_id or not roles.has_role(user, roles.ANIMATOR):
        return None
    # read once per user object (the menu, the desk and its widget ask it on one page)
    if _MEDIATOR_SITE not in user.__dict__:
        espap = PlacePage.objects.filter(pk=user.place_id, espap=True).exists()
        user.__dict__[_MEDIATOR_SITE] = user.place_id if espap else None
    return user.__dict__[_MEDIATOR_SITE]


def mediator_site(user):
    from directory.models import PlacePage

    site_id = mediator_site_id(user)
    return PlacePage.objects.filter(pk=site_id).first() if site_id else None


def referent_territory_ids(user) -> set[int]:
    from directory.permissions import administrable_territory_ids

    if not is_active_member(user) or user.is_superuser:
        return set()
    return set(administrable_territory_ids(user))  # read once per user object


_STANDING = "_espap_standing"
roles.USER_MEMOS.add(_STANDING)


def standing(user) -> dict:
    """Where ``user`` stands in the scheme: coordinator, advisor (role and ``Advisor`` row),
    mediator (animator of an esp@p site), referent (of some territory). The side navigation and
    the desk ask it on every page, so it is made of what the request reads anyway (the role
    names and the administered territories, each read once per user object) and asks the
    database only for what a role makes possible: a plain member costs no query here."""
    from workspace.espap.models import Advisor

    nobody = {"coordinator": False, "advisor": False, "mediator": False, "referent": False}
    if not is_active_member(user):
        return nobody
    # kept on the user object of the request being served (the menu and two widgets ask it):
    # a new request reads it again, and a socket's copy goes when the member's grants move
    remembered = getattr(user, _STANDING, None)
    if remembered is not None:
        return remembered
    if user.is_superuser:
        answer = {**nobody, "coordinator": True}
    else:
        answer = {
            "coordinator": roles.has_role(user, roles.COORDINATOR),
            "advisor": roles.has_role(user, roles.AGENCY_ADVISOR) and Advisor.objects.filter(user_id=user.pk).exists(),
            "mediator": mediator_site_id(user) is not None,
            "referent": bool(referent_territory_ids(user)),
        }
    setattr(user, _STANDING, answer)
    return answer


def is_in_scheme(user) -> bool:
    """Whether esp@p's pages have something for ``user`` (its menu entry shows)."""
    return any(standing(user).values())


def sites(user=None):
    """The esp@p sites; their public data (hours, partners) is readable by everyone in the scheme."""
    from directory.models import PlacePage

    return PlacePage.objects.live().filter(espap=True)


def appointments_visible_q(user, prefix: str = "") -> Q:
    if is_coordinator(user):
        return Q()
    q = Q(pk__in=[])
    advisor = advisor_of(user)
    if advisor is not None:
        q |= Q(**{f"{prefix}agency_id": advisor.agency_id})
    site_id = mediator_site_id(user)
    if site_id:
        q |= Q(**{f"{prefix}site_id": site_id})
    territories = referent_territory_ids(user)
    if territories:
        q |= Q(**{f"{prefix}site__territory_id__in": territories})
    return q


def appointments_for(user):
    from workspace.espap.models import Appointment

    if not is_active_member(user):
        return Appointment.objects.none()
    return Appointment.objects.filter(appointments_visible_q(user))


def participant_q(user) -> Q:
    """The appointments ``user`` takes part in (sees the inhabitant, joins the call)."""
    q = Q(pk__in=[])
    if not is_active_member(user):
        return q
    advisor = advisor_of(user)
    if advisor is not None:
        q |= Q(slot__advisor_id=advisor.pk)
    site_id = mediator_site_id(user)
    if site_id:
        q |= Q(site_id=site_id)
    return q


def is_participant(user, appointment) -> bool:
    if not is_active_member(user):
        return False
    advisor = advisor_of(user)
    if advisor is not None and appointment.slot.advisor_id == advisor.pk:
        return True
    site_id = mediator_site_id(user)
    return bool(site_id and appointment.site_id == site_id)


def grids_visible_q(user) -> Q:
    if is_coordinator(user):
        return Q()
    q = Q(pk__in=[])
    site_id = mediator_site_id(user)
    if site_id:
        q |= Q(site_id=site_id)
    territories = referent_territory_ids(user)
    if territories:
        q |= Q(site__territory_id__in=territories)
    return q


def can_see_site_grids(user, site) -> bool:
    return bool(
        is_coordinator(user)
        or (site.pk and site.pk == mediator_site_id(user))
        or site.territory_id in referent_territory_ids(user)
    )


def can(user, action: str, obj=None) -> bool:
    """May ``user`` do ``action`` (to ``obj``: an Appointment, a PlacePage site or a WeeklyGrid)?"""
    from directory.models import PlacePage
    from workspace.espap.models import Appointment, WeeklyGrid

    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not is_active_member(user):
        return False
    if isinstance(obj, Appointment):
        return _can_appointment(user, action, obj)
    if isinstance(obj, WeeklyGrid):
        obj = obj.site  # a grid's rights are its site's; a validated grid is locked by the services
    if isinstance(obj, PlacePage):
        if action == VIEW:
            return obj.espap and is_in_scheme(user)
        if action == BOOK or action == GRID:
            return obj.pk == mediator_site_id(user) or (action == GRID and _validates(user, obj))
        if action in (VALIDATE, DASHBOARD):
            return _validates(user, obj)
        return False
    # about no object in particular
    if action == VIEW:
        return is_in_scheme(user)
    if action == PUBLISH or action == OUTCOME:
        return advisor_of(user) is not None
    if action == BOOK:
        return mediator_site_id(user) is not None
    if action == GRID:
        return bool(mediator_site_id(user) or is_coordinator(user) or referent_territory_ids(user))
    if action == VALIDATE:
        return bool(is_coordinator(user) or referent_territory_ids(user))
    if action == DASHBOARD:
        return bool(is_coordinator(user) or referent_territory_ids(user) or advisor_of(user))
    if action == SURVEY:
        return is_coordinator(user)
    return False


def _validates(user, site) -> bool:
    return is_coordinator(user) or site.territory_id in referent_territory_ids(user)


def _can_appointment(user, action: str, appointment) -> bool:
    if action == VIEW:
        if is_coordinator(user) or is_participant(user, appointment):
            return True
        advisor = advisor_of(user)
        if advisor is not None and appointment.agency_id == advisor.agency_id:
            return True
        return appointment.site.territory_id in referent_territory_ids(user)
    if action == PERSONAL:
        return is_participant(user, appointment)
    if action == BOOK:
        # the site's mediators book, confirm, reschedule; the slot's advisor may cancel too
        return appointment.site_id == mediator_site_id(user) or is_participant(user, appointment)
    if action == OUTCOME:
        advisor = advisor_of(user)
        return advisor is not None and appointment.slot.advisor_id == advisor.pk
    return False


def participant_checker(user):
    """``is_participant`` for many appointments at the cost of one answer: (appointment) -> bool."""
    advisor = advisor_of(user)
    advisor_id = advisor.pk if advisor is not None else None
    site_id = mediator_site_id(user)

    def check(appointment) -> bool:
        return bool(
            (advisor_id and appointment.slot.advisor_id == advisor_id) or (site_id and appointment.site_id == site_id)
        )

    return check
