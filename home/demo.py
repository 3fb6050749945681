"""Demo content of the public site.

Everything is made here, from the facts of ``core/data/lot-network.yaml`` and the source
documents of the network: PDFs by ``home.pdf``, images by Pillow. Each loader looks its objects
up by a natural key (a slug, a title) and creates only what is missing: a second run changes
nothing.
"""

import datetime
import io
import json
import random

from anyascii import anyascii
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.models import (
    EventIndexPage,
    EventPage,
    GalleryImage,
    GalleryIndexPage,
    GalleryPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PressArticle,
    PressReviewPage,
    PublicSiteSettings,
    ResourceIndexPage,
    StandardPage,
    StatisticsPage,
    SurveyField,
    SurveyPage,
    ThematicFileDocument,
    ThematicFileIndexPage,
    ThematicFilePage,
)
from home.pdf import make_pdf

HERO_TITLE = "Le numérique, près de chez vous, avec quelqu'un pour vous accompagner"
HERO_TEXT = (
    "Une centaine d'espaces publics multimédia, près d'une commune sur trois du Lot, et 150 animateurs "
    "pour apprendre, faire ses démarches en ligne, rencontrer un conseiller en visio ou créer ensemble."
)
WORKFLOW_NAME = "Validation par la coordination"
TASK_NAME = "Approbation de la coordination"


@transaction.atomic
def load_site(log=print) -> HomePage:
    """The Wagtail site and its home page (replacing Wagtail's welcome page)."""
    home = HomePage.objects.first()
    Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    if root is None:  # a database emptied by hand (or by a test flush) has no tree root
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Réseau des EPM du Lot",
                slug="accueil",
                hero_title=HERO_TITLE,
                hero_text=HERO_TEXT,
                seo_title="Maillage · Réseau des Espaces Publics Multimédia du Lot",
                search_description=(
                    "Trouvez un espace public multimédia près de chez vous dans le Lot : ateliers, aide aux "
                    "démarches en ligne, visio-accueil avec les services publics."
                ),
            )
        )
        log("  page d'accueil créée")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Maillage")
    elif site.root_page_id != home.pk or site.site_name != "Maillage":
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Maillage"
        site.save()
        if old_root.pk != home.pk and old_root.depth == 2 and not old_root.specific_class == HomePage:
            old_root.delete()
    return home


# --- Helpers -------------------------------------------------------------------------------


def _child(parent, model, slug, log, **fields):
    """The child page of that slug, created (live) when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = parent.add_child(instance=model(slug=slug, **fields))
    log(f"  page « {page.title} »")
    return page


def _root_collection():
    """Wagtail's root collection (made by a data migration, so missing after a test flush)."""
    root = Collection.get_first_root_node()
    if root is None:
        root = Collection.add_root(name="Root")
    return root


def _collection(name):
    root = _root_collection()
    found = root.get_children().filter(name=name).first()
    return found or root.add_child(name=name)


PALETTE = [(13, 92, 99), (179, 64, 10), (31, 63, 138), (30, 107, 52), (124, 58, 237), (8, 62, 67)]


def _image(title, *, seed, collection=None, size=(1200, 800)):
    """A picture drawn with Pillow (no download): coloured shapes.

    No text is drawn on it: cards and figures already show the title or the caption beside it.
    """
    from PIL import Image as PILImage
    from PIL import ImageDraw

    Image = get_image_model()
    found = Image.objects.filter(title=title).first()
    if found:
        return found
    rng = random.Random(seed)
    base = PALETTE[seed % len(PALETTE)]
    picture = PILImage.new("RGB", size, base)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for _ in range(14):
        colour = tuple(min(255, max(0, c + rng.randint(-60, 90))) for c in base)
        x, y = rng.randint(-200, width), rng.randint(-200, height)
        r = rng.randint(60, 320)
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x, y, x + r * 1.4, y + r * 0.8), fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=78)
    image = Image(title=title, collection=collection or _root_collection(), width=width, height=height)
    image.file.save(f"demo-{seed}.jpg", ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = width, height
    image.save()
    return image


FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def _font(size):
    """A system font with accents when there is one; else Pillow's own (ASCII only)."""
    from PIL import ImageFont

    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _fit_text(text, *, width, max_lines, largest):
    """The text cut in lines (at most max_lines) and the largest font that fits them in width."""
    for size in range(largest, 14, -2):
        font, accents = _font(size)
        words = (text if accents else anyascii(text)).split()
        lines = [words[0]]
        for word in words[1:]:
            candidate = f"{lines[-1]} {word}"
            if font.getlength(candidate) <= width:
                lines[-1] = candidate
            else:
                lines.append(word)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return lines, font
    return lines[:max_lines], font


def _logo(name, *, seed, collection):
    from PIL import Image as PILImage
    from PIL import ImageDraw

    Image = get_image_model()
    title = f"Logo {name}"
    found = Image.objects.filter(title=title).first()
    if found:
        return found
    colour = PALETTE[seed % len(PALETTE)]
    picture = PILImage.new("RGB", (480, 200), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((10, 10, 470, 190), radius=24, outline=colour, width=8)
    draw.ellipse((34, 60, 114, 140), fill=colour)
    lines, font = _fit_text(name, width=316, max_lines=2, largest=42)
    top = 100 - len(lines) * font.size * 0.6
    for number, line in enumerate(lines):
        draw.text((134, top + number * font.size * 1.2), line, fill=colour, font=font)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = Image(title=title, collection=collection, width=480, height=200)
    image.file.save(f"logo-{seed}.png", ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = 480, 200
    image.save()
    return image


def _document(title, paragraphs, *, collection, filename):
    Document = get_document_model()
    found = Document.objects.filter(title=title).first()
    if found:
        return found
    data = make_pdf(title, paragraphs, footer="Réseau des EPM du Lot")
    document = Document(title=title, collection=collection)
    document.file.save(filename, ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


def _body_from(paragraphs):
    """A page body from the text of a document: "# " lines become headings, the others paragraphs."""
    return [_h(line[2:]) if line.startswith("# ") else _p(f"<p>{line}</p>") for line in paragraphs]


def _p(text):
    return {"type": "paragraph", "value": {"text": text}}


def _h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _quote(text, author):
    return {"type": "quote", "value": {"quote": text, "author": author}}


def _chart(title, chart_type, labels, series, summary, source):
    """A wagtailcharts value: the first row holds the labels, each further row one series."""
    data = [labels] + [values for _name, values in series]
    options = {
        "title": [""] + [name for name, _values in series],
        "color": [""] + ["#0d5c63", "#c2410c", "#1d4ed8", "#7c3aed"][: len(series)],
    }
    return {
        "type": "chart",
        "value": {
            "chart": {
                "chart_type": chart_type,
                "title": title,
                "datasets": json.dumps({"data": data, "options": options}),
                "settings": {
                    "x_label": "",
                    "y_left_label": "",
                    "y_right_label": "",
                    "y_left_step_size": "",
                    "y_right_min": "",
                    "y_right_max": "",
                    "y_right_step_size": "",
                    "legend_position": "top",
                    "show_grid": True,
                    "y_left_show": True,
                    "y_left_data_type": "number",
                    "stacking": "none",
                    "show_legend": len(series) > 1,
                    "show_values_on_chart": True,
                    "precision": 0,
                    "y_left_min": "0",
                    "y_left_max": "100" if chart_type != "pie" else "",
                    "unit_override": "%" if chart_type != "pie" else "",
                },
            },
            "summary": summary,
            "source": source,
        },
    }


# --- Content -------------------------------------------------------------------------------

PROJECTS = [
    {
        "slug": "enquete-usages-tic",
        "title": "L'enquête sur les usages TIC",
        "intro": (
            "Évaluer les usages des technologies de l'information dans le Lot, identifier les attentes des "
            "usagers et améliorer la qualité du service rendu dans les espaces publics multimédia."
        ),
        "body": [
            _p(
                "<p>En octobre 2007, le Conseil général a diffusé deux questionnaires : 10 000 auprès des jeunes "
                "de 11 à 18 ans dans les collèges, lycées et centres de formation, et 82 000 auprès des adultes "
                "via le <i>Contact lotois</i>. 6 827 jeunes (58 %) et 4 260 adultes ont répondu.</p>"
            ),
            _p(
                "<p>Le questionnaire portait sur l'équipement, les usages d'internet, les freins à l'équipement, "
                "la perception de l'avenir et la connaissance des EPM. Il a aidé à mettre en œuvre les "
                "environnements numériques de travail (ENT) dans les collèges.</p>"
            ),
            _quote("94 % des jeunes ont au moins un ordinateur chez eux, 85 % ont internet.", "Enquête 2007"),
        ],
    },
    {
        "slug": "plateforme-collaborative",
        "title": "La plateforme collaborative",
        "intro": (
            "Un outil d'information et de coopération pour animer le réseau : un centre de ressources pour "
            "les animateurs, un bureau virtuel, des groupes de travail, et ce site public."
        ),
        "body": [
            _p(
                "<p>La plateforme départementale coordonne les EPM : présentation du programme, actualités, revue "
                "de presse, dossiers thématiques, annuaire géolocalisé, agenda, galerie, ressources et "
                "statistiques pour le public ; bureau personnalisable, discussion, agenda, fichiers, forum et "
                "groupes de travail pour les membres.</p>"
            ),
            _p(
                "<p>Ses principes : simplicité, modularité, autonomie, logiciels libres, et des animateurs "
                "ambassadeurs sur chaque territoire, avec 9 administrateurs locaux.</p>"
            ),
        ],
    },
    {
        "slug": "ticket-declic",
        "title": "Le Ticket déclic",
        "intro": (
            "Un chèque formation de 200 € pour 20 heures d'accompagnement au numérique : 10 séances de 2 heures "
            "choisies avec l'animateur, dans un espace public multimédia partenaire."
        ),
        "body": [
            _p(
                "<p>Le Ticket déclic est nominatif et valable 12 mois. Avant la première séance, un entretien de "
                "positionnement de 30 minutes permet de choisir les modules parmi vingt : découverte, emploi et "
                "formation, administration en ligne, création d'activité, éducation et culture.</p>"
            ),
            _p(
                "<p>Il s'adresse aux bénéficiaires de minima sociaux, aux jeunes en insertion suivis par la Mission "
                "Locale, aux seniors, aux salariés peu qualifiés des très petites entreprises, aux parents "
                "d'élèves… Les ateliers réunissent 5 personnes au plus.</p>"
            ),
        ],
    },
    {
        "slug": "espap",
        "title": "Les esp@p, espaces services publics à proximité",
        "intro": (
            "« Un seul lieu, un seul clic, un nouveau service au plus près de chez vous » : rencontrer un "
            "conseiller de la CAF, de la CPAM ou de la Mission Locale en visio-accueil, avec l'aide d'un médiateur."
        ),
        "body": [
            _p(
                "<p>Neuf lieux labellisés Relais Services Publics accueillent le public au moins 24 heures par "
                "semaine sur 3 jours, avec au moins un partenaire social et un partenaire emploi-formation.</p>"
            ),
            _p(
                "<p>En 2009, plus de 100 entretiens en visio-accueil ont eu lieu : 100 % des usagers se disent "
                "satisfaits et 95 % recommanderaient le service.</p>"
            ),
        ],
    },
]

NEWS = [
    (
        "lancement-plateforme",
        "La plateforme collaborative des EPM est en ligne",
        0,
        ["plateforme", "réseau"],
        "Animateurs, référents et partenaires disposent désormais d'un bureau virtuel, d'un forum et de groupes de "
        "travail pour coopérer d'un bout à l'autre du département.",
    ),
    (
        "resultats-enquete-tic",
        "Enquête sur les usages TIC : les premiers résultats",
        12,
        ["enquête", "jeunes"],
        "6 827 jeunes et 4 260 adultes ont répondu : 94 % des jeunes ont un ordinateur à la maison, 70 % "
        "connaissent les EPM.",
    ),
    (
        "ticket-declic-21-lieux",
        "Le Ticket déclic déployé dans 21 espaces",
        25,
        ["ticket déclic"],
        "Vingt et un espaces publics multimédia accueillent désormais les porteurs d'un Ticket déclic pour "
        "20 heures d'accompagnement.",
    ),
    (
        "visio-accueil-bilan",
        "Visio-accueil : plus de 100 entretiens et 100 % de satisfaits",
        40,
        ["esp@p"],
        "Le bilan des espaces services publics à proximité confirme l'intérêt d'un conseiller à distance, "
        "accompagné par un médiateur.",
    ),
    (
        "nouvel-esp-ap-leyme",
        "Un nouvel esp@p à la Cyber-base de Leyme",
        55,
        ["esp@p", "Grand-Figeac"],
        "La Cyber-base de Leyme rejoint le réseau des espaces services publics à proximité.",
    ),
    (
        "journee-epn",
        "Journée d'échanges EPN 2.0 : le Lot présente son réseau de visio-accueil",
        70,
        ["réseau", "esp@p"],
        "Le Conseil général a présenté la démarche des esp@p lors de la journée d'échanges des espaces publics "
        "numériques.",
    ),
    (
        "ateliers-seniors",
        "Des ateliers pour les seniors dans la vallée du Lot",
        85,
        ["ateliers", "seniors"],
        "Messagerie, photo numérique, démarches en ligne : les EPM de Puy-l'Évêque, Prayssac et Luzech lancent un "
        "cycle pour les retraités.",
    ),
    (
        "charte-qualite",
        "Une charte qualité commune à tous les EPM",
        100,
        ["réseau", "qualité"],
        "Issue de la démarche France Qualité Publique, la charte fixe l'accueil, l'accompagnement et "
        "l'évaluation des services.",
    ),
    (
        "ent-colleges",
        "Les EPM accompagnent les parents vers l'ENT des collèges",
        120,
        ["jeunes", "ateliers"],
        "Les animateurs aident les parents d'élèves à utiliser l'environnement numérique de travail de leurs enfants.",
    ),
]

PRESS = [
    (
        "La Dépêche du Midi",
        "Les espaces multimédia du Lot font réseau",
        2008,
        3,
        "Service départemental",
        "Avec une centaine d'espaces publics multimédia, le Lot compte près d'un lieu équipé pour trois communes.",
    ),
    (
        "La Vie Quercynoise",
        "Un chèque pour apprendre l'informatique",
        2008,
        11,
        "M. Delpech",
        "Le Ticket déclic permet de suivre dix ateliers de deux heures dans un espace multimédia partenaire.",
    ),
    (
        "Le Petit Journal",
        "Visio-accueil : la CAF à deux pas de chez soi",
        2009,
        4,
        "C. Lafon",
        "À Gourdon, les allocataires rencontrent leur conseiller par écran interposé, aidés par l'animateur.",
    ),
    (
        "La Dépêche du Midi",
        "Les jeunes Lotois très connectés",
        2008,
        1,
        "Rédaction Cahors",
        "Selon l'enquête du Conseil général, 85 % des 11-18 ans ont internet à la maison.",
    ),
    (
        "Contact lotois",
        "Enquête : donnez votre avis sur internet",
        2007,
        10,
        "",
        "82 000 questionnaires sont distribués dans les foyers du département pour mieux connaître vos usages.",
    ),
    (
        "La Vie Quercynoise",
        "Une plateforme pour les animateurs",
        2009,
        10,
        "S. Roques",
        "Les 150 animateurs du réseau partagent désormais ressources, agenda et forum en ligne.",
    ),
]

FILES = [
    {
        "slug": "espap",
        "title": "Les espaces services publics à proximité",
        "theme": "esp@p",
        "summary": "Le visio-accueil avec six partenaires (CAF, CRAM, CPAM, UDAF, Mission Locale, ANPE) : "
        "règles du label, outils d'évaluation et bilan 2009.",
        "documents": [
            (
                "Bilan esp@p 2009",
                "synthesis",
                [
                    "# Résultats",
                    "Plus de 100 entretiens en visio-accueil.",
                    "100 % des usagers satisfaits, 95 % recommandent le service.",
                ],
            ),
            (
                "Présentation — Journée EPN 2.0, 29 avril 2009",
                "presentation",
                [
                    "# Pourquoi un maillage d'espaces services publics à proximité ?",
                    "Un département rural : 167 000 habitants, plus de la moitié des communes de moins "
                    "de 500 habitants.",
                    "# Les acteurs",
                    "Six organismes : CAF, CRAM, CPAM, UDAF, Mission Locale, ANPE.",
                ],
            ),
        ],
    },
    {
        "slug": "ticket-declic",
        "title": "Le Ticket déclic",
        "theme": "Ticket déclic",
        "summary": "L'étude pour un dispositif financier de mutualisation qui garantisse la pérennité des EPM, "
        "et le fonctionnement du chèque formation.",
        "documents": [
            (
                "Étude pour un dispositif financier de mutualisation",
                "synthesis",
                [
                    "# Éléments de contexte",
                    "Les actions de sensibilisation du grand public au numérique existent "
                    "depuis plus de dix ans sans que la demande ne fléchisse.",
                    "# Le dispositif",
                    "Un ticket de 200 € pour 20 heures, 10 séances de 2 heures, valable 12 mois.",
                ],
            ),
            (
                "Le Ticket déclic en 10 questions",
                "presentation",
                [
                    "# Pour qui ?",
                    "Les publics éloignés du numérique, orientés par un prescripteur.",
                    "# Où ?",
                    "Dans un espace public multimédia partenaire.",
                ],
            ),
            (
                "« Un chèque pour apprendre l'informatique » (La Vie Quercynoise)",
                "press",
                ["Le Ticket déclic permet de suivre dix ateliers de deux heures dans un espace multimédia."],
            ),
        ],
    },
    {
        "slug": "enquete-usages-tic",
        "title": "L'enquête sur les usages TIC",
        "theme": "Enquête usages TIC",
        "summary": "Octobre 2007 : 6 827 jeunes et 4 260 adultes interrogés sur leur équipement, leurs usages "
        "et leur connaissance des EPM.",
        "documents": [
            (
                "Synthèse de l'enquête sur les usages TIC (2007)",
                "synthesis",
                [
                    "# Réalisation",
                    "10 000 questionnaires diffusés auprès des 11-18 ans, 6 827 retours (58 %).",
                    "82 000 questionnaires adultes via le Contact lotois, 4 260 retours.",
                    "# Quelques résultats",
                    "94 % des jeunes ont au moins un ordinateur chez eux, 85 % ont internet.",
                    "70 % des jeunes connaissent les EPM, 37 % y vont régulièrement.",
                    "49 % des adultes connaissent les EPM, 13 % y vont régulièrement.",
                ],
            ),
            (
                "Comité de pilotage de l'observatoire des usages TIC (2009)",
                "presentation",
                [
                    "# Bilan 2006-2009",
                    "Une finalité : trouver collectivement une réponse à la pérennisation des "
                    "espaces publics multimédia dans un souci de maillage territorial de qualité.",
                ],
            ),
        ],
    },
]

EVENTS = [
    (
        "atelier-demarches-gourdon",
        "Atelier : faire ses démarches en ligne",
        6,
        14,
        2,
        "Gourdon",
        "adults",
        "Créer son espace CAF, déclarer ses revenus, prendre rendez-vous : un atelier pratique en petit groupe.",
    ),
    (
        "visio-caf-leyme",
        "Permanence visio-accueil CAF",
        9,
        9,
        3,
        "Leyme",
        "everyone",
        "Rencontrez un conseiller de la CAF en visio, accompagné par l'animatrice de la Cyber-base.",
    ),
    (
        "photo-numerique-salviac",
        "Découvrir la photo numérique",
        13,
        14,
        2,
        "Salviac",
        "seniors",
        "Transférer, trier et partager ses photos de famille : module 4 du Ticket déclic.",
    ),
    (
        "cv-emploi-catus",
        "Mettre en forme son CV",
        16,
        10,
        2,
        "Catus",
        "jobseekers",
        "Un atelier avec la Mission Locale pour rédiger et mettre en page son CV.",
    ),
    (
        "rencontre-animateurs",
        "Rencontre départementale des animateurs",
        21,
        9,
        7,
        None,
        "professionals",
        "Une journée d'échanges de pratiques entre animateurs d'EPM, référents et partenaires.",
    ),
    (
        "ent-parents-biars",
        "Accompagner la scolarité de son enfant avec l'ENT",
        27,
        18,
        2,
        "Biars-sur-Cère",
        "adults",
        "Découvrir l'environnement numérique de travail du collège : notes, cahier de textes, messages.",
    ),
    (
        "fete-internet-cahors",
        "Fête de l'internet à Cahors",
        -20,
        10,
        6,
        "Cahors",
        "everyone",
        "Démonstrations, ateliers ouverts et jeux en réseau pour toute la famille.",
    ),
    (
        "comite-pilotage",
        "Comité de pilotage de l'observatoire des usages",
        -45,
        14,
        3,
        None,
        "professionals",
        "Bilan de la démarche qualité et perspectives du réseau.",
    ),
]


def load_content(*, home: HomePage, log=print) -> None:
    """The whole public tree under the home page, its documents, images, settings and moderation."""
    with transaction.atomic():
        _load_pages(home, log)
        _load_settings(home, log)
        _load_moderation(home, log)


def _load_pages(home, log):
    docs_studies = _collection("Études et synthèses")
    docs_presentations = _collection("Présentations")
    docs_press = _collection("Revue de presse")
    images = _collection("Photos du réseau")

    # Programme and its four projects
    programme = _child(
        home,
        StandardPage,
        "programme",
        log,
        title="Le programme",
        show_in_menus=True,
        intro=(
            "Le Conseil général du Lot co-construit avec les acteurs locaux les outils de la communauté des "
            "animateurs d'EPM : une enquête sur les usages TIC, le Ticket déclic, une plateforme collaborative "
            "et des esp@p."
        ),
        search_description="Le programme du réseau des EPM du Lot et ses quatre chantiers.",
        body=[
            _p(
                "<p>Labellisé France Qualité Publique en avril 2006, le Conseil général s'est engagé à « trouver "
                "collectivement une réponse à la pérennisation des espaces publics multimédia dans un souci de "
                "maillage territorial de qualité ». Une vingtaine d'acteurs locaux ont été associés.</p>"
            ),
            _p(
                "<p>Ces actions ont reçu le soutien de l'Europe (FEDER), de l'État (FNADT), de la Caisse des "
                "dépôts et de la Région Midi-Pyrénées, pour un budget global de 140 000 €.</p>"
            ),
        ],
    )
    for index, project in enumerate(PROJECTS):
        _child(
            programme,
            StandardPage,
            project["slug"],
            log,
            title=project["title"],
            intro=project["intro"],
            body=project["body"],
            image=_image(project["title"], seed=10 + index, collection=images),
        )

    # News
    news_index = _child(
        home,
        NewsIndexPage,
        "actualites",
        log,
        title="Actualités",
        show_in_menus=True,
        intro="<p>Les nouvelles du réseau des espaces publics multimédia du Lot.</p>",
        search_description="Les actualités du réseau des EPM du Lot.",
    )
    today = timezone.localdate()
    for number, (slug, title, days_ago, tags, summary) in enumerate(NEWS):
        if news_index.get_children().filter(slug=slug).exists():
            continue
        item = NewsPage(
            slug=slug,
            title=title,
            date=today - datetime.timedelta(days=days_ago),
            summary=summary,
            image=_image(title, seed=30 + number, collection=images),
            body=[
                _p(f"<p>{summary}</p>"),
                _p(
                    "<p>Retrouvez la liste des lieux et leurs horaires dans l'annuaire, et les prochains ateliers "
                    "dans l'agenda.</p>"
                ),
            ],
        )
        item.tags.add(*tags)
        news_index.add_child(instance=item)
        log(f"  actualité « {title} »")

    # Press review
    press = _child(
        home,
        PressReviewPage,
        "revue-de-presse",
        log,
        title="Revue de presse",
        show_in_menus=True,
        intro="<p>Ce que la presse écrit du réseau.</p>",
    )
    for number, (publication, title, year, month, author, excerpt) in enumerate(PRESS):
        slug = f"article-{number + 1}"
        if press.get_children().filter(slug=slug).exists():
            continue
        scan = _document(
            f"Article scanné — {title}",
            [f"# {publication}, {month:02d}/{year}", excerpt],
            collection=docs_press,
            filename=f"presse-{number + 1}.pdf",
        )
        press.add_child(
            instance=PressArticle(
                slug=slug,
                title=title,
                publication=publication,
                date=datetime.date(year, month, 5 + number),
                author=author,
                excerpt=excerpt,
                scan=scan,
            )
        )
        log(f"  article « {title} »")

    # Thematic files
    files_index = _child(
        home,
        ThematicFileIndexPage,
        "dossiers",
        log,
        title="Dossiers thématiques",
        show_in_menus=True,
        intro="<p>Synthèses d'études, présentations et articles de presse, par thème.</p>",
    )
    collections = {"synthesis": docs_studies, "presentation": docs_presentations, "press": docs_press}
    for number, spec in enumerate(FILES):
        if files_index.get_children().filter(slug=spec["slug"]).exists():
            continue
        page = ThematicFilePage(
            slug=spec["slug"],
            title=spec["title"],
            theme=spec["theme"],
            summary=spec["summary"],
            featured=True,
            image=_image(spec["title"], seed=50 + number, collection=images),
            body=_body_from(spec["documents"][0][2]),
        )
        for order, (title, kind, paragraphs) in enumerate(spec["documents"]):
            document = _document(
                title, paragraphs, collection=collections[kind], filename=f"{spec['slug']}-{order + 1}.pdf"
            )
            page.attached_documents.add(ThematicFileDocument(document=document, kind=kind, sort_order=order))
        files_index.add_child(instance=page)
        log(f"  dossier « {spec['title']} »")

    # Agenda
    agenda = _child(
        home,
        EventIndexPage,
        "agenda",
        log,
        title="Agenda",
        show_in_menus=True,
        intro="<p>Ateliers, permanences et rencontres dans les espaces publics multimédia du Lot.</p>",
    )
    from directory.models import PlacePage

    tz = timezone.get_current_timezone()
    for slug, title, in_days, hour, hours, commune, audience, summary in EVENTS:
        if agenda.get_children().filter(slug=slug).exists():
            continue
        day = today + datetime.timedelta(days=in_days)
        while day.weekday() >= 5:  # the places open on weekdays (past events stay in the past)
            day += datetime.timedelta(days=1 if in_days > 0 else -1)
        start = datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=tz)
        place = PlacePage.objects.filter(commune=commune).order_by("pk").first() if commune else None
        agenda.add_child(
            instance=EventPage(
                slug=slug,
                title=title,
                start=start,
                end=start + datetime.timedelta(hours=hours),
                place=place,
                location="" if place else (commune or "Hôtel du Département, Cahors"),
                audience=audience,
                summary=summary,
            )
        )
        log(f"  événement « {title} »")

    # Gallery
    gallery = _child(
        home,
        GalleryIndexPage,
        "galerie",
        log,
        title="Galerie",
        show_in_menus=True,
        intro="<p>Les albums photo des ateliers et des rencontres du réseau.</p>",
    )
    albums = [
        (
            "rencontre-animateurs-2009",
            "Rencontre des animateurs 2009",
            datetime.date(2009, 10, 11),
            [
                "Accueil des participants",
                "Atelier d'échange de pratiques",
                "Présentation de la plateforme",
                "Table ronde des partenaires",
                "Visite de la Cyber-base",
            ],
        ),
        (
            "ateliers-ticket-declic",
            "Ateliers Ticket déclic",
            datetime.date(2009, 3, 20),
            [
                "Premier atelier à Gourdon",
                "Découverte de la messagerie",
                "Photo numérique à Salviac",
                "Démarches en ligne à Catus",
            ],
        ),
    ]
    for number, (slug, title, date, captions) in enumerate(albums):
        if gallery.get_children().filter(slug=slug).exists():
            continue
        album = GalleryPage(slug=slug, title=title, date=date, intro=f"{len(captions)} photos.")
        for order, caption in enumerate(captions):
            image = _image(f"{title} — {caption}", seed=100 + number * 10 + order, collection=images)
            album.gallery_images.add(
                GalleryImage(image=image, caption=caption, credit="Réseau des EPM du Lot", sort_order=order)
            )
        gallery.add_child(instance=album)
        log(f"  album « {title} »")

    _child(
        home,
        ResourceIndexPage,
        "ressources",
        log,
        title="Ressources",
        show_in_menus=True,
        intro="<p>Tous les documents publics du réseau : études, présentations, articles.</p>",
    )

    survey = network_facts()["ict_survey_2007"]
    results = survey["results"]

    def pct(key):
        return int(results[key].rstrip("%"))

    _child(
        home,
        StatisticsPage,
        "statistiques",
        log,
        title="Statistiques",
        show_in_menus=True,
        intro="<p>Le réseau en chiffres, calculés chaque jour, et les résultats de l'enquête de 2007.</p>",
        body=[
            _h("L'enquête sur les usages TIC (octobre 2007)"),
            _p(
                f"<p>{_number(survey['youth_11_18']['returned'])} jeunes de 11 à 18 ans "
                f"({_percent(survey['youth_11_18']['return_rate'])} de retour) et "
                f"{_number(survey['adults']['returned'])} adultes ont répondu.</p>"
            ),
            _chart(
                "Équipement des jeunes de 11 à 18 ans",
                "bar",
                ["Ordinateur à la maison", "Internet à la maison"],
                [("Jeunes (%)", [pct("youth_with_computer_at_home"), pct("youth_with_internet")])],
                "94 % des jeunes ont au moins un ordinateur chez eux et 85 % ont internet.",
                "Enquête 2007",
            ),
            _chart(
                "Connaissance et fréquentation des EPM",
                "bar",
                ["Connaissent les EPM", "Y vont régulièrement"],
                [
                    ("Jeunes (%)", [pct("youth_knowing_epm"), pct("youth_going_regularly")]),
                    ("Adultes (%)", [pct("adults_knowing_epm"), pct("adults_going_regularly")]),
                ],
                "70 % des jeunes et 49 % des adultes connaissent les EPM ; 37 % des jeunes et 13 % des adultes "
                "y vont régulièrement.",
                "Enquête 2007",
            ),
        ],
    )

    _load_survey(home, log)


def _number(value):
    """6827 → « 6 827 », as French typography writes it (non-breaking space)."""
    return f"{int(value):,}".replace(",", "\u00a0")


def _percent(value):
    """58% → « 58 % »."""
    return str(value).replace(" ", "").replace("%", "\u00a0%")


def network_facts():
    from core.demo import network_data

    return network_data()


SURVEY_QUESTIONS = [
    ("Avez-vous un ordinateur à la maison ?", "radio", "Oui\nNon"),
    ("Avez-vous internet à la maison ?", "radio", "Oui\nNon"),
    ("Connaissez-vous l'espace public multimédia le plus proche ?", "radio", "Oui\nNon"),
    (
        "Qu'aimeriez-vous y faire ?",
        "checkboxes",
        "Apprendre les bases\nFaire mes démarches en ligne\nChercher un emploi\nPartager mes photos",
    ),
    ("Votre tranche d'âge", "dropdown", "11-18 ans\n19-39 ans\n40-59 ans\n60 ans et plus"),
    ("Une remarque ?", "multiline", ""),
]


def _load_survey(home, log):
    slug = "enquete-usages-numeriques"
    if home.get_children().filter(slug=slug).exists():
        return
    page = SurveyPage(
        slug=slug,
        title="Enquête sur vos usages du numérique",
        show_in_menus=False,
        intro="<p>Dix questions, deux minutes : aidez-nous à adapter les services des EPM à vos besoins.</p>",
        thank_you_text="<p>Merci ! Votre réponse a bien été enregistrée.</p>",
        results_public=True,
        to_address="communication@demo.maillage.test",
        from_address="ne-pas-repondre@maillage.test",
        subject="Nouvelle réponse à l'enquête",
    )
    for order, (label, field_type, choices) in enumerate(SURVEY_QUESTIONS):
        page.form_fields.add(
            SurveyField(
                label=label,
                field_type=field_type,
                choices=choices,
                required=field_type != "multiline" and field_type != "checkboxes",
                sort_order=order,
            )
        )
    home.add_child(instance=page)
    page.refresh_from_db()
    rng = random.Random(2007)
    submission_class = page.get_submission_class()
    fields = {f.label: f.clean_name for f in page.get_form_fields()}
    for _ in range(24):
        data = {
            fields[SURVEY_QUESTIONS[0][0]]: "Oui" if rng.random() < 0.9 else "Non",
            fields[SURVEY_QUESTIONS[1][0]]: "Oui" if rng.random() < 0.8 else "Non",
            fields[SURVEY_QUESTIONS[2][0]]: "Oui" if rng.random() < 0.55 else "Non",
            fields[SURVEY_QUESTIONS[3][0]]: rng.sample(SURVEY_QUESTIONS[3][2].split("\n"), rng.randint(1, 2)),
            fields[SURVEY_QUESTIONS[4][0]]: rng.choice(SURVEY_QUESTIONS[4][2].split("\n")),
            fields[SURVEY_QUESTIONS[5][0]]: "",
        }
        submission_class.objects.create(page=page, form_data=data)
    log("  enquête et 24 réponses")


def _load_settings(home, log):
    site = Site.objects.filter(root_page=home).first() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings = PublicSiteSettings.for_site(site)
    if settings.contact_email:
        return
    logos = _collection("Logos des partenaires")
    partners = [
        ("Conseil général du Lot", "https://lot.fr/"),
        ("Europe — FEDER", ""),
        ("Caisse des dépôts", ""),
        ("Région Midi-Pyrénées", ""),
    ]
    settings.footer_text = (
        "Une centaine d'espaces publics multimédia, près d'une commune sur trois, pour accompagner chacun "
        "dans ses usages du numérique. Un programme du Conseil général du Lot."
    )
    settings.contact_name = "Conseil général du Lot — Coordination des EPM"
    settings.contact_address = "Avenue de l'Europe — Regourd\n46000 Cahors"
    settings.contact_phone = "05 65 00 00 00"
    settings.contact_email = "epm@demo.maillage.test"
    settings.partners = [
        ("partner", {"name": name, "logo": _logo(name, seed=number, collection=logos), "url": url})
        for number, (name, url) in enumerate(partners)
    ]
    settings.save()
    log("  réglages du site public (pied de page, contact, partenaires)")


def _load_moderation(home, log):
    """The communications officer edits the public tree; the coordination approves."""
    from core import roles

    groups = roles.ensure_groups()
    officer, coordination = groups[roles.COMMUNICATION], groups[roles.COORDINATOR]
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=officer, page=home, permission=permission)
    for codename in ("publish_page", "add_page", "change_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=coordination, page=home, permission=permission)
    root_collection = _root_collection()
    for app, codenames in (
        ("wagtailimages", ("add_image", "change_image", "choose_image")),
        ("wagtaildocs", ("add_document", "change_document", "choose_document")),
    ):
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label=app, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=officer, collection=root_collection, permission=permission
            )
    settings_perm = Permission.objects.filter(content_type__app_label="home", codename="change_publicsitesettings")
    officer.permissions.add(*settings_perm)

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([coordination])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    if created:
        log("  modération : le chargé de communication soumet, la coordination approuve")
