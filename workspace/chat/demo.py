"""Demo conversations: a few messages in the lounge and in the live working groups' rooms, two
of them with a file of the group attached.
Idempotent: a room that already holds messages is left as it is."""

from core.demo import demo_user
from workspace.chat import services
from workspace.chat.models import Message, Room
from workspace.files.models import StoredFile

CONVERSATIONS = {
    "evaluation-espap": [
        ("animateur1", "Bonjour à tous ! La grille de comptage est dans les notes du groupe : vos remarques ?"),
        ("animateur3", "Merci. On pourrait ajouter une colonne pour la MSA, on a eu 4 rendez-vous ce mois-ci."),
        ("animateur2", "D'accord pour la MSA. Je la mets à jour avant la réunion de jeudi."),
        ("animateur1", "Parfait. Qui peut apporter les chiffres de Gramat ?"),
    ],
    "ticket-declic-modules": [
        (
            "animateur4",
            "J'ai déposé la fiche du module « Démarches en ligne » dans les fichiers.",
            "Module démarches en ligne – déroulé.pdf",
        ),
        ("animateur7", "Super, je la teste avec mon groupe de mardi et je vous dis."),
        ("animateur1", "Pensez à la fiche de compétences à la fin de chaque séance 🙂"),
    ],
    "communication": [
        (
            "communication",
            "Les affiches de la Fête de l'Internet arrivent lundi, voici la maquette.",
            "Affiche Fête de l'Internet.png",
        ),
        ("animateur8", "On peut en avoir 20 pour le Grand-Figeac ?"),
        ("communication", "C'est noté !"),
    ],
}
LOUNGE = [
    ("animateur2", "Quelqu'un a un tutoriel simple pour créer une adresse e-mail ? C'est pour un atelier demain."),
    ("animateur6", "Oui, il y a celui du dossier thématique Ticket déclic, il est très bien fait."),
]


def _post(room, lines):
    if room is None or Message.objects.filter(room=room).exists():
        return 0
    count = 0
    for local_part, text, *attached in lines:
        author = demo_user(local_part)
        if author is None:
            continue
        services.rooms_ensure(user=author)
        attachment = None
        if attached and room.space_id:  # a file of the group, shared in its room
            attachment = StoredFile.objects.filter(space_id=room.space_id, name=attached[0]).first()
        try:
            services.message_send(
                user=author, room=room, text=text, attachment_id=attachment.pk if attachment else None
            )
            count += 1
        except services.ChatError:
            continue  # an archived group or a member who left: nothing to say there
    return count


def load(groups, log=print):
    count = _post(services.lounge(), LOUNGE)
    for slug, lines in CONVERSATIONS.items():
        space = groups.get(slug)
        if space is not None:
            count += _post(Room.objects.filter(space=space).first(), lines)
    log(f"  {count} messages de discussion")
