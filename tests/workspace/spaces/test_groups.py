import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workspace.people import services as people_services
from workspace.spaces import services
from workspace.spaces.models import Invitation, Membership, ModuleState, Space
from workspace.spaces.permissions import policy

pytestmark = pytest.mark.django_db


class TestMemberSpaces:
    def test_a_new_account_gets_its_desk_and_the_network_space(self):
        user = people_services.user_create(email="nouvelle@exemple.test", first_name="Anne", last_name="Sol")
        assert Space.objects.get(kind="personal", owner=user)
        assert Membership.objects.filter(user=user, space__kind="network").exists()
        services.member_spaces_ensure(user=user)  # idempotent
        assert Space.objects.filter(kind="personal", owner=user).count() == 1
        assert Space.objects.filter(kind="network").count() == 1

    def test_an_invitation_by_e_mail_waits_for_the_account(self, cast, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            services.member_invite(space=cast.group, actor=cast.people.owner, who="future@exemple.test")
        assert mailoutbox and "Évaluation esp@p" in mailoutbox[0].subject
        user = people_services.user_create(email="Future@exemple.test", first_name="Fu", last_name="Ture")
        invitation = Invitation.objects.get(user=user)
        services.invitation_answer(invitation=invitation, user=user, accept=True)
        assert policy.user_has_permission(user, "contribute", cast.group)


class TestGroupLifecycle:
    def test_invite_by_name_accept_and_decline(self, cast, member):
        colleague = member(first_name="Jeanne", last_name="Lafon")
        other = member(first_name="Paul", last_name="Marty")
        invitation = services.member_invite(space=cast.group, actor=cast.people.admin, who="jeanne lafon")
        assert invitation.user == colleague
        assert not policy.user_has_permission(colleague, "view", cast.group)
        services.invitation_answer(invitation=invitation, user=colleague, accept=True)
        assert policy.user_has_permission(colleague, "contribute", cast.group)
        declined = services.member_invite(space=cast.group, actor=cast.people.admin, who=other.email, role="guest")
        services.invitation_answer(invitation=declined, user=other, accept=False)
        assert not policy.user_has_permission(other, "view", cast.group)
        with pytest.raises(ValidationError):
            services.invitation_answer(invitation=declined, user=other, accept=True)

    def test_invitations_refuse_unknown_names_members_and_non_admins(self, cast):
        with pytest.raises(ValidationError, match="Essayez son adresse"):
            services.member_invite(space=cast.group, actor=cast.people.owner, who="Personne Inconnue")
        with pytest.raises(ValidationError, match="déjà membre"):
            services.member_invite(space=cast.group, actor=cast.people.owner, who=cast.people.member.email)
        with pytest.raises(PermissionDenied):
            services.member_invite(space=cast.group, actor=cast.people.member, who=cast.people.outsider.email)
        invitation = services.member_invite(space=cast.group, actor=cast.people.owner, who=cast.people.outsider.email)
        with pytest.raises(PermissionDenied):
            services.invitation_answer(invitation=invitation, user=cast.people.referent, accept=True)

    def test_request_to_join_an_open_group(self, cast):
        outsider = cast.people.outsider
        request = services.join_request(space=cast.group, user=outsider, message="Je suis intéressé")
        with pytest.raises(ValidationError):
            services.join_request(space=cast.group, user=outsider)
        with pytest.raises(PermissionDenied):
            services.join_request_answer(invitation=request, actor=cast.people.member, accept=True)
        services.join_request_answer(invitation=request, actor=cast.people.admin, accept=True)
        assert policy.user_has_permission(outsider, "contribute", cast.group)

    def test_no_request_to_join_a_secret_or_invitation_only_group(self, cast):
        with pytest.raises(PermissionDenied):
            services.join_request(space=cast.secret, user=cast.people.outsider)
        invitation_only = services.group_create(
            creator=cast.people.owner, name="Sur invitation", visibility=Space.Visibility.INVITATION
        )
        with pytest.raises(PermissionDenied):
            services.join_request(space=invitation_only, user=cast.people.outsider)

    def test_leave_remove_and_roles(self, cast):
        p = cast.people
        services.member_leave(space=cast.group, user=p.guest)
        assert not policy.user_has_permission(p.guest, "view", cast.group)
        services.member_role_change(space=cast.group, actor=p.owner, user=p.member, role="admin")
        assert policy.user_has_permission(p.member, "administer", cast.group)
        services.member_remove(space=cast.group, actor=p.member, user=p.admin)
        assert not policy.user_has_permission(p.admin, "view", cast.group)
        with pytest.raises(ValidationError):
            services.member_remove(space=cast.group, actor=p.member, user=p.owner)
        with pytest.raises(PermissionDenied):
            services.member_remove(space=cast.group, actor=p.outsider, user=p.member)

    def test_the_last_administrator_cannot_leave(self, member):
        alone = member()
        group = services.group_create(creator=alone, name="Solo")
        with pytest.raises(ValidationError, match="dernier administrateur"):
            services.member_leave(space=group, user=alone)

    def test_group_dates_are_checked(self, member):
        import datetime

        with pytest.raises(ValidationError):
            services.group_create(
                creator=member(),
                name="Dates",
                starts_on=datetime.date(2030, 5, 1),
                ends_on=datetime.date(2030, 4, 1),
            )

    def test_switching_a_module_off_hides_it_without_deleting(self, cast):
        from workspace.notes import services as notes_services

        note = notes_services.note_create(space=cast.group, author=cast.people.member, title="Compte rendu")
        services.module_set(space=cast.group, actor=cast.people.admin, module="notes", enabled=False)
        group = Space.objects.get(pk=cast.group.pk)
        assert not policy.user_has_permission_for_instance(cast.people.member, "view", note)
        services.module_set(space=group, actor=cast.people.admin, module="notes", enabled=True)
        assert ModuleState.objects.get(space=group, module="notes").enabled
        group = Space.objects.get(pk=cast.group.pk)
        note.space = group
        assert policy.user_has_permission_for_instance(cast.people.member, "view", note)
        with pytest.raises(PermissionDenied):
            services.module_set(space=group, actor=cast.people.member, module="notes", enabled=False)
