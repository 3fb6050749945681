"""Demo forum: three categories of the network space and topics in the groups, written by
several demo members. Topics are found by (space, title): a second run adds nothing."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.demo import demo_email
from workspace.forum import services
from workspace.forum.models import Category, Post, Topic

CATEGORIES = [
    ("Vie du réseau", "Annonces, rencontres et projets communs des EPM du Lot."),
    ("Entraide technique", "Un poste qui ne démarre plus, une imprimante capricieuse : demandez aux collègues."),
    ("Ateliers et pédagogie", "Idées d'ateliers, supports, retours d'expérience."),
]

TOPICS = {
    "network": [
        (
            "Vie du réseau",
            "coordinateur",
            "Rencontre annuelle des animateurs à Cahors",
            "La rencontre annuelle aura lieu en mars à Cahors. Proposez ici les sujets que vous souhaitez aborder.",
            [
                ("animateur3", "Je propose un temps sur l'accompagnement aux démarches en ligne."),
                ("animateur7", "Et un retour sur le Ticket déclic : ce qui marche, ce qui coince."),
            ],
        ),
        (
            "Entraide technique",
            "animateur5",
            "Linux sur les vieux postes : vos retours ?",
            "Nous avons installé une distribution légère sur quatre postes de 2012. Quelqu'un a déjà essayé ?",
            [
                ("animateur2", "Oui, à Gramat : ça tourne bien pour la bureautique et Internet."),
                ("referent.figeac", "Attention aux pilotes d'imprimante, testez avant de tout migrer."),
            ],
        ),
        (
            "Ateliers et pédagogie",
            "animateur8",
            "Atelier « arnaques en ligne » pour les seniors",
            "Je cherche des supports simples pour un atelier sur les arnaques par courriel et SMS.",
            [("animateur11", "Je vous envoie notre diaporama, il a bien fonctionné en médiathèque.")],
        ),
    ],
    "evaluation-espap": [
        (
            None,
            "animateur1",
            "Grille de comptage : une colonne pour la MSA ?",
            "Plusieurs esp@p reçoivent des demandes MSA. Faut-il une colonne à part dans la grille ?",
            [("animateur2", "Oui, sinon on perd l'information au bilan annuel."), ("animateur5", "D'accord.")],
        ),
    ],
    "communication": [
        (
            None,
            "communication",
            "Relecture de l'annuaire 2027",
            "La maquette de l'annuaire est dans les fichiers du groupe. Merci de vérifier vos horaires.",
            [("animateur8", "Les horaires de Souillac ont changé, je corrige dans l'annuaire en ligne.")],
        ),
    ],
    "ticket-declic-modules": [
        (
            None,
            "animateur4",
            "Durée du module « démarches en ligne »",
            "Deux heures suffisent-elles pour le module démarches en ligne ?",
            [("gestionnaire.ticket", "Trois séances de deux heures seraient plus réalistes.")],
        ),
    ],
    "telecentres": [
        (
            None,
            "animateur10",
            "Bilan des deux télécentres pilotes",
            "Le bilan est en ligne dans les notes du groupe.",
            [("animateur12", "Merci, bon travail collectif.")],
        ),
    ],
}


@transaction.atomic
def load(*, groups: dict, log=print) -> None:
    User = get_user_model()
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.maillage.test")}

    def who(local):
        return users.get(demo_email(local))

    network = groups.get("network")
    coordinator = who("coordinateur")
    if network and coordinator:
        for name, description in CATEGORIES:
            if not Category.objects.filter(space=network, name=name).exists():
                services.category_create(space=network, actor=coordinator, name=name, description=description)
    created = 0
    for slug, topics in TOPICS.items():
        space = groups.get(slug)
        if space is None:
            continue
        for category_name, author, title, body, replies in topics:
            if Topic.objects.filter(space=space, title=title).exists() or who(author) is None:
                continue
            category = Category.objects.filter(space=space, name=category_name).first() if category_name else None
            if space.is_archived:  # written while the group was live
                now = timezone.now()
                topic = Topic.objects.create(space=space, title=title, author=who(author), last_post_by=who(author))
                Post.objects.create(topic=topic, space=space, author=who(author), body=f"<p>{body}</p>", created_at=now)
                for local, text in replies:
                    Post.objects.create(topic=topic, space=space, author=who(local), body=f"<p>{text}</p>")
                Topic.objects.filter(pk=topic.pk).update(reply_count=len(replies))
            else:
                topic = services.topic_create(
                    space=space, author=who(author), title=title, body=body, category=category
                )
                for local, text in replies:
                    if who(local) is not None:
                        services.post_reply(topic=topic, author=who(local), body=text)
            created += 1
    log(f"  {created} sujets de forum ajoutés")
