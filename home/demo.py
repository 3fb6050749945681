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

from core.demo import daytime, next_working_day
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
# No figure in the text: the counters beside it are live (home.selectors.key_figures).
HERO_TEXT = (
    "Des espaces publics multimédia près d'une commune sur trois du Lot, et leurs animateurs, bénévoles et "
    "professionnels, pour apprendre, faire ses démarches en ligne, rencontrer un conseiller en visio ou créer "
    "ensemble."
)
OLD_HERO_TEXTS = (
    "Une centaine d'espaces publics multimédia, près d'une commune sur trois du Lot, et 150 animateurs "
    "pour apprendre, faire ses démarches en ligne, rencontrer un conseiller en visio ou créer ensemble.",
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
    elif home.hero_text in OLD_HERO_TEXTS:  # the text of an older demo, with a figure the counters contradicted
        home.hero_text = HERO_TEXT
        home.save(update_fields=["hero_text"])
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


# The partners of the network (seeds: Conseil général, Europe – FEDER, État – FNADT, Caisse des dépôts,
# Région; the CAF for the esp@p): name, the two lines of their demo logo, its colour and their site.
PARTNERS = [
    ("Conseil départemental du Lot", ("Lot", "Le Département"), (0, 94, 115), "https://lot.fr/"),
    ("Région Occitanie", ("Occitanie", "La Région"), (168, 28, 60), "https://www.laregion.fr/"),
    ("Union européenne – FEDER", ("FEDER", "Union européenne"), (0, 51, 153), "https://www.europe-en-occitanie.eu/"),
    ("État – FNADT", ("FNADT", "Préfecture du Lot"), (54, 54, 110), "https://www.lot.gouv.fr/"),
    ("Caisse des dépôts", ("CDC", "Caisse des dépôts"), (148, 56, 12), "https://www.caissedesdepots.fr/"),
    ("Caisse d'allocations familiales du Lot", ("Caf", "du Lot"), (0, 110, 62), "https://www.caf.fr/"),
]
OLD_PARTNER_NAMES = ["Conseil général du Lot", "Europe — FEDER", "Caisse des dépôts", "Région Midi-Pyrénées"]


def _logo(name, lines, colour, *, collection):
    """A demo logo: a wordmark in white on a rounded rectangle of the partner's colour (PNG, transparent
    corners), drawn twice as large and reduced, for smooth edges."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    Image = get_image_model()
    title = f"Logo {name}"
    found = Image.objects.filter(title=title).first()
    if found:
        return found
    width, height, scale = 360, 150, 2
    picture = PILImage.new("RGBA", (width * scale, height * scale), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((0, 0, width * scale - 1, height * scale - 1), radius=28 * scale, fill=colour + (255,))
    big, small = lines
    big_lines, big_font = _fit_text(big, width=(width - 48) * scale, max_lines=1, largest=58 * scale)
    small_lines, small_font = _fit_text(small, width=(width - 48) * scale, max_lines=1, largest=22 * scale)
    gap = 8 * scale
    block = big_font.size + gap + small_font.size
    top = (height * scale - block) / 2
    for text, font, y in ((big_lines[0], big_font, top), (small_lines[0], small_font, top + big_font.size + gap)):
        draw.text((width * scale / 2, y), text, fill=(255, 255, 255, 255), font=font, anchor="mt")
    picture = picture.resize((width, height), PILImage.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    image = Image(title=title, collection=collection, width=width, height=height)
    image.file.save(
        f"logo-{anyascii(name).lower().replace(' ', '-')[:40]}.png", ContentFile(buffer.getvalue()), save=False
    )
    image.width, image.height = width, height
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

# --- The programme pages: how to take part --------------------------------------------------

# The prescribers of lot-network.yaml (ticket.prescribers), as the public page says them (its flow
# list reads "Conseil général (RSA, Mission Locale youth)" as two items).
PRESCRIBERS_FR = {
    "Conseil général (RSA": "le Conseil départemental du Lot, pour les bénéficiaires du RSA",
    "Mission Locale youth)": "la Mission Locale du Lot, pour les jeunes de 18 à 25 ans",
    "CAF": "la Caisse d'allocations familiales (CAF) du Lot",
    "CRAM / MSA (pensions)": "la Carsat et la MSA, pour les retraités et futurs retraités",
    "chambres consulaires": "les chambres consulaires (métiers, commerce, agriculture), pour les conjoints "
    "d'artisans, de commerçants et d'agriculteurs",
    "AGEFOS PME (DIF)": "l'AGEFOS PME, pour les salariés des petites entreprises (droit individuel à la formation)",
}
FAMILY_NAMES = {
    "discovery": "Découverte",
    "employment_training": "Emploi et formation",
    "online_administration": "Administration en ligne",
    "business_creation": "Création et développement d'activité",
    "education_culture": "Éducation et culture",
}
TICKET_PLACES_URL = "/annuaire/?ticket=1"
ESPAP_PLACES_URL = "/annuaire/?espap=1"


def _ticket_body():
    """How to get a Ticket déclic, where to use it, and its 20 modules (lot-network.yaml)."""
    ticket = network_facts()["ticket"]
    prescribers = "".join(f"<li>{PRESCRIBERS_FR.get(p, p)}</li>" for p in ticket["prescribers"])
    body = [
        _h("Comment obtenir un Ticket déclic ?"),
        _p(
            "<p>Le Ticket déclic ne s'achète pas : il est remis, nominatif, par un prescripteur qui vous "
            f"accompagne :</p><ul>{prescribers}</ul>"
            "<p>Parlez-en à votre conseiller ou à votre référent. Avec le ticket, prenez rendez-vous dans un "
            f'<a href="{TICKET_PLACES_URL}">lieu partenaire du Ticket déclic</a> pour l\'entretien de '
            f"positionnement de {ticket['positioning_interview_minutes']} minutes.</p>"
        ),
        _h(f"Les {sum(len(m) for m in ticket['modules'].values())} modules"),
    ]
    for family, modules in ticket["modules"].items():
        items = "".join(f"<li>Module {number} : {title}</li>" for number, title in modules.items())
        body.append(_p(f"<h3>{FAMILY_NAMES.get(family, family)}</h3><ul>{items}</ul>"))
    body.append(
        _p(f'<p><a href="{TICKET_PLACES_URL}">Voir les lieux partenaires du Ticket déclic dans l\'annuaire</a></p>')
    )
    return body


def _espap_body():
    """Where the esp@p are and how to ask for a video appointment at one of them."""
    from directory.models import PlacePage

    sites = list(PlacePage.objects.live().filter(espap=True).order_by("commune"))
    items = "".join(
        f'<li><a linktype="page" id="{site.pk}">{site.title}</a> ({site.commune}) : '
        f'<a href="/espap/rendez-vous/{site.pk}/">demander un rendez-vous</a></li>'
        for site in sites
    )
    return [
        _h("Comment prendre rendez-vous ?"),
        _p(
            "<p>Choisissez l'esp@p le plus proche et demandez un rendez-vous en ligne, par téléphone ou sur "
            "place : le médiateur vous confirme l'horaire, vous dit quels papiers apporter et vous accueille le "
            "jour venu pour l'entretien en visio avec le conseiller.</p>"
        ),
        _h("Les esp@p du Lot"),
        _p(f"<ul>{items}</ul>" if items else "<p>Les lieux labellisés sont dans l'annuaire.</p>"),
        _p(f'<p><a href="{ESPAP_PLACES_URL}">Voir les esp@p sur la carte de l\'annuaire</a></p>'),
    ]


PROGRAMME_EXTRAS = {"ticket-declic": _ticket_body, "espap": _espap_body}


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
    # about two a month over the year (days ago)
    (
        "club-photo-salviac",
        "Un club photo numérique à la Cyber-base de Salviac",
        135,
        ["ateliers", "Cazals-Salviac"],
        "Chaque jeudi après-midi, les amateurs retouchent et partagent leurs photos avec l'animatrice "
        "de la Cyber-base.",
    ),
    (
        "formation-animateurs-pix",
        "Les animateurs se forment à l'accompagnement vers PIX",
        150,
        ["réseau", "formation"],
        "Deux journées de formation pour préparer les usagers à la certification des compétences numériques.",
    ),
    (
        "visio-accueil-mission-locale",
        "La Mission Locale rejoint le visio-accueil à Catus",
        166,
        ["esp@p", "jeunes"],
        "Les jeunes de 16 à 25 ans peuvent rencontrer un conseiller de la Mission Locale sans aller jusqu'à Cahors.",
    ),
    (
        "semaine-seniors-numerique",
        "Une semaine du numérique pour les seniors",
        181,
        ["seniors", "ateliers"],
        "Tablettes, appels vidéo avec les petits-enfants, sécurité en ligne : quinze ateliers dans tout "
        "le département.",
    ),
    (
        "ticket-declic-500-beneficiaires",
        "Ticket déclic : objectif 500 bénéficiaires cette année",
        196,
        ["ticket déclic"],
        "Le Conseil départemental, la CAF et la Mission Locale orientent les personnes éloignées du numérique vers "
        "les lieux partenaires.",
    ),
    (
        "nouveaux-postes-gramat",
        "De nouveaux postes à l'espace multimédia de Gramat",
        212,
        ["équipement", "Causses et Vallée de la Dordogne"],
        "Six ordinateurs reconditionnés et un scanner rejoignent la médiathèque, grâce au soutien de la communauté "
        "de communes.",
    ),
    (
        "fete-internet-bilan",
        "Fête de l'internet : 1 200 visiteurs dans les EPM",
        227,
        ["réseau", "événement"],
        "Démonstrations, ateliers ouverts et jeux en réseau ont attiré petits et grands dans quarante lieux.",
    ),
    (
        "grille-comptage-espap",
        "Une grille de comptage commune à tous les esp@p",
        243,
        ["esp@p", "évaluation"],
        "Chaque semaine, les médiateurs notent les services rendus : le bilan départemental se fait en un clic.",
    ),
    (
        "arnaques-en-ligne",
        "Arnaques en ligne : des ateliers pour s'en protéger",
        258,
        ["sécurité", "ateliers"],
        "Faux messages de livraison, faux conseillers bancaires : les animateurs apprennent à reconnaître les pièges.",
    ),
    (
        "groupe-travail-communication",
        "Un groupe de travail pour la communication du réseau",
        274,
        ["plateforme", "réseau"],
        "Affiches, réseaux sociaux, presse locale : animateurs et référents partagent leurs outils dans un groupe "
        "de la plateforme.",
    ),
    (
        "ateliers-cv-vallee-lot",
        "Emploi : des ateliers CV dans la vallée du Lot",
        289,
        ["emploi", "Vallée du Lot et du Vignoble"],
        "Avec France Travail, les espaces de Puy-l'Évêque, Prayssac et Luzech aident à rédiger et envoyer son CV.",
    ),
    (
        "referents-territoires",
        "Neuf référents pour neuf territoires",
        305,
        ["réseau"],
        "Chaque intercommunalité a son référent technique, qui anime les espaces de son territoire et met à jour "
        "l'annuaire.",
    ),
    (
        "enquete-satisfaction-espap",
        "Visio-accueil : l'enquête de satisfaction est ouverte",
        320,
        ["esp@p", "évaluation"],
        "Les usagers des esp@p peuvent donner leur avis en ligne pendant six mois.",
    ),
    (
        "mediatheques-numeriques",
        "Les médiathèques du Lot ouvrent leurs espaces numériques",
        336,
        ["médiathèques"],
        "À Cahors, Figeac, Souillac et Gourdon, les médiathèques accueillent des ateliers en accès libre.",
    ),
    (
        "rentree-ateliers",
        "La rentrée des ateliers dans les espaces publics multimédia",
        351,
        ["ateliers"],
        "Programmes d'initiation, démarches en ligne, photo : retrouvez les ateliers de votre espace dans l'agenda.",
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


# The themes and registration of the events above (EventPage fields).
EVENT_DETAILS = {
    "atelier-demarches-gourdon": ("online-services", "contact", 8),
    "visio-caf-leyme": ("online-services", "contact", None),
    "photo-numerique-salviac": ("photo-video", "online", 6),
    "cv-emploi-catus": ("employment", "contact", 8),
    "rencontre-animateurs": ("other", "online", 80),
    "ent-parents-biars": ("internet", "contact", 10),
    "fete-internet-cahors": ("youth", "none", None),
    "comite-pilotage": ("other", "contact", 30),
}

# The workshops of the places over the year: (title, theme, audience, summary).
WORKSHOPS = [
    (
        "Premiers pas avec l'ordinateur",
        "discovery",
        "seniors",
        "La souris, le clavier, les fenêtres : deux heures pour prendre confiance, à son rythme.",
    ),
    (
        "Créer et gérer sa boîte mail",
        "internet",
        "adults",
        "Ouvrir une adresse, écrire, répondre, joindre un document et trier ses messages.",
    ),
    (
        "Démarches en ligne : impôts, CAF, Ameli",
        "online-services",
        "adults",
        "Créer ses comptes en ligne, retrouver ses identifiants et faire une démarche accompagné.",
    ),
    (
        "Prendre en main son smartphone",
        "mobile",
        "seniors",
        "Réglages, appels vidéo, photos et applications utiles : venez avec votre téléphone.",
    ),
    (
        "Trier et partager ses photos",
        "photo-video",
        "everyone",
        "Transférer ses photos, les ranger en albums et les partager en famille.",
    ),
    (
        "Se protéger des arnaques en ligne",
        "safety",
        "everyone",
        "Reconnaître les faux messages, choisir ses mots de passe et protéger ses données.",
    ),
    (
        "Rédiger son CV et sa lettre de motivation",
        "employment",
        "jobseekers",
        "Mettre en forme son CV, l'enregistrer en PDF et répondre à une offre en ligne.",
    ),
    (
        "Créer le blog de son association",
        "creation",
        "adults",
        "Choisir un outil libre, publier ses premiers articles et annoncer ses rendez-vous.",
    ),
    (
        "Traitement de texte : courrier et mise en page",
        "office",
        "adults",
        "Écrire un courrier, le mettre en forme et l'imprimer avec LibreOffice.",
    ),
    (
        "Jeux en réseau et découverte du code",
        "youth",
        "youth",
        "Un après-midi pour les 11-18 ans : jeux coopératifs et premiers programmes avec Scratch.",
    ),
]
# The workshops of the demo: a year back (3 a month) and three months ahead (4 a month).
PAST_WORKSHOPS_A_MONTH = 3
NEXT_WORKSHOPS_A_MONTH = 4


def _event_page(*, slug, title, day, hour, hours, place, location, audience, summary, theme, registration, capacity):
    """An EventPage on a working day, in daytime hours (core.demo), with its registration details."""
    start, end = daytime(day, hour, hours=hours)
    contact = ""
    if registration == "contact":
        contact = (place.phone if place and place.phone else "") or "epm@demo.maillage.test"
    return EventPage(
        slug=slug,
        title=title,
        start=start,
        end=end,
        place=place,
        location="" if place else (location or "Hôtel du Département, Cahors"),
        audience=audience,
        summary=summary,
        theme=theme,
        registration=registration,
        capacity=capacity if registration != "none" else None,
        contact=contact,
    )


def _load_events(agenda, today, log):
    """The agenda: the events above, then the places' workshops over the year (3 months ahead)."""
    from directory.models import PlacePage

    existing = set(agenda.get_children().values_list("slug", flat=True))
    places = list(PlacePage.objects.live().order_by("path"))
    by_commune = {}
    for place in places:
        by_commune.setdefault(place.commune, place)
    created = 0
    for slug, title, in_days, hour, hours, commune, audience, summary in EVENTS:
        if slug in existing:
            continue
        # a working day (past events stay in the past); a public workshop may be on a Saturday morning
        day = next_working_day(today + datetime.timedelta(days=in_days), backwards=in_days < 0)
        theme, registration, capacity = EVENT_DETAILS.get(slug, ("", "none", None))
        agenda.add_child(
            instance=_event_page(
                slug=slug,
                title=title,
                day=day,
                hour=hour,
                hours=hours,
                place=by_commune.get(commune) if commune else None,
                location=commune or "",
                audience=audience,
                summary=summary,
                theme=theme,
                registration=registration,
                capacity=capacity,
            )
        )
        created += 1
    if not places:
        return
    number = 0
    for month in range(-12, 3):
        for n in range(PAST_WORKSHOPS_A_MONTH if month < 0 else NEXT_WORKSHOPS_A_MONTH):
            number += 1
            slug = f"atelier-{month + 12:02d}-{n + 1}"
            if slug in existing:
                continue
            title, theme, audience, summary = WORKSHOPS[(number * 7) % len(WORKSHOPS)]
            place = places[(number * 37) % len(places)]
            first = today + datetime.timedelta(days=30 * month + 3 + n * 7)
            saturday = audience in ("everyone", "youth") and n % 2 == 1
            if saturday:
                first += datetime.timedelta(days=(5 - first.weekday()) % 7)
            day = next_working_day(first, saturday=saturday)
            registration = ["contact", "online", "none", "contact"][number % 4]
            agenda.add_child(
                instance=_event_page(
                    slug=slug,
                    title=f"{title} à {place.commune}",
                    day=day,
                    hour=9 if saturday or number % 3 == 0 else 14,
                    hours=2,
                    place=place,
                    location="",
                    audience=audience,
                    summary=summary,
                    theme=theme,
                    registration=registration,
                    capacity=[8, 10, 6, 12][number % 4],
                )
            )
            created += 1
    if created:
        log(f"  {created} événements dans l'agenda")


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
            body=project["body"] + PROGRAMME_EXTRAS.get(project["slug"], list)(),
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
    _load_events(agenda, today, log)

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


NUMBERS_FR = ["Zéro", "Une", "Deux", "Trois", "Quatre", "Cinq", "Six", "Sept", "Huit", "Neuf", "Dix", "Onze", "Douze"]
OLD_SURVEY_INTRO = "<p>Dix questions, deux minutes : aidez-nous à adapter les services des EPM à vos besoins.</p>"


def survey_intro(questions: int) -> str:
    """The survey's introduction, saying how many questions its form really has."""
    count = NUMBERS_FR[questions] if questions < len(NUMBERS_FR) else str(questions)
    noun = "question" if questions == 1 else "questions"
    return f"<p>{count} {noun}, deux minutes : aidez-nous à adapter les services des EPM à vos besoins.</p>"


def _load_survey(home, log):
    slug = "enquete-usages-numeriques"
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None:
        survey = existing.specific
        if survey.intro == OLD_SURVEY_INTRO:  # an older demo promised ten questions
            survey.intro = survey_intro(survey.form_fields.count())
            survey.save(update_fields=["intro"])
        return
    page = SurveyPage(
        slug=slug,
        title="Enquête sur vos usages du numérique",
        show_in_menus=False,
        intro=survey_intro(len(SURVEY_QUESTIONS)),
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

    def partners():
        logos = _collection("Logos des partenaires")
        return [
            ("partner", {"name": name, "logo": _logo(name, lines, colour, collection=logos), "url": url})
            for name, lines, colour, url in PARTNERS
        ]

    if settings.contact_email:
        # an older demo's partners (four, without their sites): today's
        if [block.value["name"] for block in settings.partners] == OLD_PARTNER_NAMES:
            settings.partners = partners()
            settings.save(update_fields=["partners"])
        return
    settings.footer_text = (
        "Une centaine d'espaces publics multimédia, près d'une commune sur trois, pour accompagner chacun "
        "dans ses usages du numérique. Un programme du Conseil départemental du Lot."
    )
    settings.contact_name = "Conseil départemental du Lot — Coordination des EPM"
    settings.contact_address = "Avenue de l'Europe — Regourd\n46000 Cahors"
    settings.contact_phone = "05 65 00 00 00"
    settings.contact_email = "epm@demo.maillage.test"
    settings.partners = partners()
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
