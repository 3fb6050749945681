"""What several browser journeys do the same way."""

from tests.factories import PASSWORD


def log_in(page, who, password=PASSWORD):
    """Log ``who`` (a user or an e-mail address) in through the login form; lands in the workspace."""
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(getattr(who, "email", who))
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/espace/**")


def anne_and_bruno_in_a_group(create_user, name, purpose=""):
    """Two members, Anne (owner) and Bruno (member), of a new working group: (anne, bruno, group)."""
    from workspace.spaces import services as spaces

    anne = create_user(first_name="Anne", last_name="Delpech", email="anne@exemple.test")
    bruno = create_user(first_name="Bruno", last_name="Lacombe", email="bruno@exemple.test")
    for member in (anne, bruno):
        spaces.member_spaces_ensure(user=member)
    group = spaces.group_create(creator=anne, name=name, purpose=purpose)
    invitation = spaces.member_invite(space=group, actor=anne, who=bruno.email, role="member")
    spaces.invitation_answer(invitation=invitation, user=bruno, accept=True)
    return anne, bruno, group
