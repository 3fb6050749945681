import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from workspace.spaces import services
from workspace.spaces.models import Space
from workspace.spaces.permissions import policy

pytestmark = pytest.mark.django_db

ACTIONS = ["discover", "view", "contribute", "moderate", "administer"]


def allowed(user, space):
    user = user or AnonymousUser()
    return {a for a in ACTIONS if policy.user_has_permission_for_instance(user, a, space)}


class TestPolicyMatrix:
    def test_roles_of_an_open_group(self, cast):
        p = cast.people
        expected = {
            "owner": set(ACTIONS),
            "admin": set(ACTIONS),
            "member": {"discover", "view", "contribute"},
            "guest": {"discover", "view"},
            "outsider": {"discover"},
            "referent": {"discover"},
            "coordinator": set(ACTIONS),
            "anonymous": set(),
        }
        for name, actions in expected.items():
            assert allowed(getattr(p, name), cast.group) == actions, name

    def test_a_secret_group_is_unknown_to_non_members(self, cast):
        p = cast.people
        for name in ("outsider", "referent", "anonymous"):
            assert allowed(getattr(p, name), cast.secret) == set(), name
        assert allowed(p.guest, cast.secret) == {"discover", "view"}

    def test_a_personal_desk_is_its_owner_s_alone(self, cast):
        p = cast.people
        desk = Space.objects.get(kind="personal", owner=p.member)
        assert allowed(p.member, desk) == set(ACTIONS)
        for name in ("owner", "admin", "outsider", "referent", "coordinator", "anonymous"):
            assert allowed(getattr(p, name), desk) == set(), name

    def test_every_member_reads_and_writes_in_the_network_space(self, cast):
        p = cast.people
        assert allowed(p.outsider, cast.network) == {"discover", "view", "contribute"}
        assert allowed(p.coordinator, cast.network) == set(ACTIONS)
        assert allowed(None, cast.network) == set()

    def test_an_inactive_member_may_nothing(self, cast):
        cast.people.member.is_active = False
        assert allowed(cast.people.member, cast.group) == set()

    def test_instances_match_single_checks(self, cast):
        p = cast.people
        for user in (p.owner, p.member, p.guest, p.outsider, p.coordinator):
            for action in ACTIONS:
                listed = set(policy.instances_user_has_permission_for(user, action))
                one_by_one = {s for s in Space.objects.all() if policy.user_has_permission(user, action, s)}
                assert listed == one_by_one, (user, action)


class TestArchive:
    def test_a_group_past_its_end_date_is_read_only_before_the_task_runs(self, cast):
        group = cast.group
        Space.objects.filter(pk=group.pk).update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
        group.refresh_from_db()
        assert group.archived_at is None and group.is_archived
        assert allowed(cast.people.member, group) == {"discover", "view"}
        assert allowed(cast.people.owner, group) == {"discover", "view", "administer"}
        assert group not in policy.instances_user_has_permission_for(cast.people.member, "contribute")
        assert group in policy.instances_user_has_permission_for(cast.people.member, "view")

    def test_the_daily_task_archives_and_warns(self, cast, mailoutbox):
        from workspace.notifications.models import Notification

        today = timezone.localdate()
        Space.objects.filter(pk=cast.group.pk).update(ends_on=today - datetime.timedelta(days=1))
        Space.objects.filter(pk=cast.secret.pk).update(ends_on=today + datetime.timedelta(days=5))
        result = services.groups_archive_due()
        assert result == {"archived": 1, "warned": 1}
        cast.group.refresh_from_db()
        assert cast.group.archived_at is not None
        warned = Notification.objects.filter(kind="archive", text__contains=cast.secret.name)
        assert {n.user_id for n in warned} == {cast.people.owner.pk, cast.people.admin.pk}
        assert all("5" in n.text for n in warned)
        # Run twice: nobody is warned again.
        assert services.groups_archive_due() == {"archived": 0, "warned": 0}
        assert Notification.objects.filter(kind="archive", text__contains=cast.secret.name).count() == 2

    def test_the_command_enqueues_the_task(self, cast):
        from django.core.management import call_command

        Space.objects.filter(pk=cast.group.pk).update(ends_on=timezone.localdate() - datetime.timedelta(days=3))
        call_command("groups_archive_due", verbosity=0)
        cast.group.refresh_from_db()
        assert cast.group.archived_at is not None

    def test_an_admin_reopens_an_archived_group(self, cast):
        services.group_archive(space=cast.group, actor=cast.people.admin)
        cast.group.refresh_from_db()
        assert not policy.user_has_permission(cast.people.member, "contribute", cast.group)
        new_end = timezone.localdate() + datetime.timedelta(days=30)
        services.group_reopen(space=cast.group, actor=cast.people.admin, ends_on=new_end)
        assert policy.user_has_permission(cast.people.member, "contribute", cast.group)
        with pytest.raises(PermissionDenied):
            services.group_reopen(space=cast.group, actor=cast.people.member, ends_on=new_end)
