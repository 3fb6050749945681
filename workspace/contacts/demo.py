"""Demo contacts: each animator knows a few colleagues; some requests wait for an answer."""

from django.contrib.auth import get_user_model
from django.db import transaction

from core.demo import demo_email
from workspace.contacts import selectors, services
from workspace.contacts.models import ContactRequest

SKILLS = [
    ["PIX", "visio-accueil"],
    ["photo numérique", "retouche"],
    ["démarches en ligne", "CAF"],
    ["bureautique"],
    ["réseaux sociaux", "blog"],
    ["seniors", "tablettes"],
    ["CV", "recherche d'emploi"],
    ["ENT", "parentalité numérique"],
]


@transaction.atomic
def load(log=print) -> None:
    User = get_user_model()
    animators = {n: User.objects.filter(email=demo_email(f"animateur{n}")).first() for n in range(1, 31)}
    animators = {n: u for n, u in animators.items() if u is not None}
    created = 0
    for n, user in animators.items():
        if not user.skills.exists():
            user.skills.add(*SKILLS[n % len(SKILLS)])
        for other_n in (n + 1, n + 5):
            other = animators.get(other_n)
            if other is None or selectors.are_contacts(user, other):
                continue
            if ContactRequest.objects.filter(sender=user, recipient=other).exists():
                continue
            request = services.contact_request_send(
                sender=user, recipient=other, message="Ravi de te retrouver sur Maillage !"
            )
            if other_n == n + 1 or n % 3:
                services.contact_request_accept(user=other, request=request)
            created += 1
    if created:
        log(f"  {created} relations entre membres")
    _posts(animators)


POSTS = [
    (
        1,
        "network",
        "Atelier « Découvrir la photo numérique » samedi matin à la cyber-base : il reste 2 places !",
        [(2, "Je t'envoie deux personnes de Gramat."), (6, "Super, j'en parle au club.")],
    ),
    (
        2,
        "contacts",
        "Retour sur la visio-accueil CAF de mardi : 4 rendez-vous, tous satisfaits. Le micro-casque neuf change tout.",
        [(1, "Bravo ! On commande le même ?")],
    ),
    (
        7,
        "network",
        "Quelqu'un a un support simple pour expliquer FranceConnect aux seniors ? Je prépare un atelier.",
        [(8, "J'ai une fiche pas à pas, je la dépose dans les fichiers du réseau."), (12, "Pareil, intéressé !")],
    ),
    (
        11,
        "contacts",
        "Premiers Tickets déclic de l'année : 6 personnes inscrites, module 13 (téléservices) en tête.",
        [],
    ),
    (
        16,
        "network",
        "La médiathèque prête maintenant des tablettes : pensez-y pour vos ateliers hors les murs. https://www.lot.fr",
        [(17, "Excellente nouvelle.")],
    ),
]


def _posts(animators):
    from workspace.contacts.models import Like, Post

    if Post.objects.filter(author__email__endswith="@demo.maillage.test").exists():
        return
    for author_n, visibility, text, comments in POSTS:
        author = animators.get(author_n)
        if author is None:
            continue
        post = services.post_create(author=author, text=text, visibility=visibility)
        for commenter_n, comment in comments:
            commenter = animators.get(commenter_n)
            if commenter is not None:
                Like.objects.get_or_create(post=post, user=commenter)
                if visibility == "network" or selectors.are_contacts(commenter, author):
                    services.comment_add(user=commenter, post=post, text=comment)
