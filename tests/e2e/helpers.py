"""What several browser journeys do the same way."""

from tests.factories import PASSWORD


def log_in(page, who, password=PASSWORD):
    """Log ``who`` (a user or an e-mail address) in through the login form; lands in the workspace."""
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(getattr(who, "email", who))
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/espace/**")
