"""Demo directory: the 9 territories of the Lot and its hundred places, in real communes
(``core/data/lot-communes.csv``: INSEE code, postcode, coordinates, intercommunality)."""

import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from core.demo import lot_communes, network_data
from directory import vocabularies as voc
from directory.models import DirectoryIndexPage, PartnerAgency, PlacePage, Territory, TerritoryPage
from directory.services import place_update, territory_group_sync

STREETS = {
    "cyber-base": ["avenue de la Gare", "rue du Président Wilson", "place du Foirail"],
    "epm": ["place de la Mairie", "rue de la République", "allée des Tilleuls", "rue des Écoles"],
    "mairie": ["place de la Mairie"],
    "maison-communautaire": ["place de l'Église"],
    "mediatheque": ["rue de la Médiathèque", "place Jean Jaurès", "quai des Arts"],
    "association": ["rue Victor Hugo", "boulevard Gambetta", "rue du Château"],
}

HOURS = [
    "Mo-Fr 09:00-12:00,14:00-18:00; PH off",
    "Tu-Fr 09:30-12:30,14:00-18:00; Sa 09:30-12:30; PH off",
    "Mo,We,Fr 14:00-18:00; Sa 09:00-12:00; PH off",
    "Tu,Th 09:00-12:00,13:30-17:30; We 14:00-19:00; PH off",
    "Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00; PH off",
    "We 10:00-12:00,14:00-18:00; Sa 10:00-17:00; PH off",
]

AGENCY_FAMILIES = {"social": "social", "employment-training": "employment-training"}
DEMO_UPDATED = dt.date(2026, 11, 2)

KINDS = {"cyber-base": "cyber-base", "maison communautaire": "maison-communautaire", "mairie": "mairie"}

# The names of lot-network.yaml's communes that the official file spells otherwise (merged communes).
COMMUNE_NAMES = {
    "Castelnau-Montratier": "Castelnau Montratier-Sainte Alauzie",
    "Cœur-de-Causse (Labastide-Murat)": "Cœur de Causse",
}

# Further places in the larger communes.
EXTRA_PLACES = [
    ("Médiathèque du Grand Cahors", "Cahors", "mediatheque"),
    ("Espace numérique de la Maison des associations", "Cahors", "association"),
    ("Médiathèque de Figeac", "Figeac", "mediatheque"),
    ("Point numérique du centre social de Figeac", "Figeac", "association"),
    ("Médiathèque de Souillac", "Souillac", "mediatheque"),
    ("Espace multimédia de la médiathèque de Gramat", "Gramat", "mediatheque"),
    ("Médiathèque de Saint-Céré", "Saint-Céré", "mediatheque"),
    ("Atelier numérique de Puy-l'Évêque", "Puy-l'Évêque", "association"),
    ("Club informatique de Prayssac", "Prayssac", "association"),
    ("Médiathèque de Gourdon", "Gourdon", "mediatheque"),
]

# The network has about a hundred places (lot-network.yaml: network.places).
PLACE_COUNT = 100

# The places of the other communes of core/data/lot-communes.csv: the kind of place and its name.
OTHER_KINDS = [
    ("epm", "Espace public multimédia {de}"),
    ("mairie", "Point numérique de la mairie {de}"),
    ("epm", "Espace public multimédia {de}"),
    ("mediatheque", "Bibliothèque {de}"),
    ("association", "Foyer rural {de} – atelier numérique"),
]


def _de(commune: str) -> str:
    """« de Cahors », « du Vigan », « des Arques », « d'Albas »."""
    if commune.startswith("Le "):
        return f"du {commune[3:]}"
    if commune.startswith("Les "):
        return f"des {commune[4:]}"
    if commune.startswith("La "):
        return f"de la {commune[3:]}"
    if commune[0] in "AEÉIOUYaeiouy":
        return f"d'{commune}"
    return f"de {commune}"


def _offset(n: int) -> tuple[float, float]:
    """Where the n-th place of a commune stands from its centre: a small ring, so markers do not overlap."""
    if n == 0:
        return 0.0, 0.0
    ring = [(0.004, -0.006), (-0.005, 0.004), (0.003, 0.005), (-0.004, -0.003), (0.002, -0.004)]
    return ring[(n - 1) % len(ring)]


def _place_specs():
    """The demo places: the 9 esp@p, the communes of lot-network.yaml, then the other real communes
    of core/data/lot-communes.csv, taken in turn from each territory, up to PLACE_COUNT."""
    data = network_data()
    communes = lot_communes()
    specs = []

    def add(title, commune, kind, **fields):
        official = COMMUNE_NAMES.get(commune, commune)
        row = communes[official]
        n = sum(1 for spec in specs if spec["commune"] == official)
        dlat, dlng = _offset(n)
        specs.append(
            {
                "title": title,
                "commune": official,
                "territory": row["territory"],
                "kind": kind,
                "lat": round(row["latitude"] + dlat, 4),
                "lng": round(row["longitude"] + dlng, 4),
                "insee": row["insee"],
                "postcode": row["postcode"],
                "espap": False,
                "ticket": False,
                "workstations": 4,
                **fields,
            }
        )

    for site in data["espap"]["sites"]:
        add(
            site["name"],
            site["commune"],
            KINDS.get(site["kind"], "epm"),
            espap=True,
            ticket=site["kind"] == "cyber-base",
            workstations=8 if site["kind"] == "cyber-base" else 3,
        )
    for item in data["demo_communes"]:
        add(
            f"Espace public multimédia de {item['commune'].split(' (')[0]}",
            item["commune"],
            "epm",
            ticket=item["commune"] in {"Cahors", "Figeac", "Souillac", "Gramat", "Saint-Céré", "Prayssac"},
            workstations=6,
        )
    for title, commune, kind in EXTRA_PLACES:
        add(title, commune, kind)

    used = {spec["commune"] for spec in specs}
    waiting = {}
    for name, row in communes.items():
        if name not in used:
            waiting.setdefault(row["territory"], []).append(name)
    number = 0
    while len(specs) < PLACE_COUNT and any(waiting.values()):
        for territory in [t["slug"] for t in data["territories"]]:
            if len(specs) >= PLACE_COUNT or not waiting.get(territory):
                continue
            commune = waiting[territory].pop(0)
            kind, pattern = OTHER_KINDS[number % len(OTHER_KINDS)]
            add(
                pattern.format(de=_de(commune)),
                commune,
                kind,
                ticket=kind == "epm" and number % 4 == 0,
                workstations=[3, 4, 5, 6, 2][number % 5],
            )
            number += 1
    return specs


def _summary(spec):
    parts = [f"Accès libre et accompagné aux outils numériques à {spec['commune']}."]
    if spec["espap"]:
        parts.append("Point esp@p : aide aux démarches en ligne et visio-accueil avec les services publics.")
    if spec["ticket"]:
        parts.append("Partenaire Ticket déclic : ateliers de 2 heures en petits groupes.")
    return " ".join(parts)


@transaction.atomic
def load(*, home, log=print) -> None:
    data = network_data()
    territories = {}
    for item in data["territories"]:
        territory, created = Territory.objects.get_or_create(slug=item["slug"], defaults={"name": item["name"]})
        territories[item["slug"]] = territory
        if created:
            log(f"  territoire {territory.name}")

    index = DirectoryIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=DirectoryIndexPage(
                title="Annuaire des lieux",
                slug="annuaire",
                show_in_menus=True,
                intro=(
                    "<p>Les espaces publics multimédia du Lot : où ils sont, ce qu'ils proposent, "
                    "quand ils sont ouverts.</p>"
                ),
                search_description="L'annuaire géolocalisé des espaces publics multimédia du Lot.",
            )
        )
        log("  annuaire créé")

    territory_pages = {}
    for slug, territory in territories.items():
        page = TerritoryPage.objects.filter(territory=territory).first()
        if page is None:
            page = index.add_child(instance=TerritoryPage(title=territory.name, slug=slug, territory=territory))
        territory_pages[slug] = page

    for item in data.get("partner_agencies", []):
        PartnerAgency.objects.get_or_create(
            code=item["code"].lower(),
            defaults={"name": item["name"], "family": AGENCY_FAMILIES.get(item.get("family"), "social")},
        )
    agencies = {agency.code: agency for agency in PartnerAgency.objects.all()}
    for territory in territories.values():
        territory_group_sync(territory=territory)

    specs = _place_specs()
    existing = {place.slug: place for place in PlacePage.objects.all()}
    created = enriched = 0
    for number, spec in enumerate(specs):
        slug = slugify(spec["title"])[:80]
        place = existing.get(slug)
        if place is not None:
            # a place of an older demo: fill the fields that are still empty
            if _enrich(place, spec, number):
                enriched += 1
            continue
        place = PlacePage(
            title=spec["title"],
            slug=slug,
            territory=territories[spec["territory"]],
            kind=spec["kind"],
            commune=spec["commune"],
            postcode=spec["postcode"],
            latitude=spec["lat"],
            longitude=spec["lng"],
            espap=spec["espap"],
            ticket_declic=spec["ticket"],
            workstations=spec["workstations"],
            summary=_summary(spec),
            phone=f"05 65 {10 + number % 80:02d} {(number * 37) % 100:02d} {(number * 7) % 100:02d}",
            email=f"contact@{slug[:40].strip('-')}.demo.maillage.test",
        )
        for name, value in _demo_values(place, spec, number).items():
            setattr(place, name, value)
        if spec["espap"]:
            place.espap_agencies = [agencies[code] for code in _agency_codes(number) if code in agencies]
        territory_pages[spec["territory"]].add_child(instance=place)
        created += 1
    if created:
        log(f"  {created} lieux créés")
    if enriched:
        log(f"  {enriched} lieux complétés (schéma national)")


def _agency_codes(n: int) -> list[str]:
    return ["caf", "cpam", "mloc"] if n % 2 == 0 else ["caf", "cram", "anpe"]


def _demo_values(place: PlacePage, spec: dict, n: int) -> dict:
    """The national-schema fields of a demo place, derived from its position in the list."""
    commune = spec["commune"]
    insee = spec["insee"]
    streets = STREETS.get(place.kind, STREETS["epm"])
    services = [voc.SERVICES[1], voc.SERVICES[7]]
    if spec["espap"] or n % 3 == 0:
        services.insert(0, voc.SERVICES[0])
    if n % 2 == 0:
        services.append(voc.SERVICES[3])
    if spec["ticket"]:
        services.append(voc.SERVICES[2])
    if place.kind == "mediatheque":
        services += [voc.SERVICES[4], voc.SERVICES[5]]
    publics = [voc.PUBLICS[3]] if n % 2 == 0 else []
    if place.kind == "mediatheque":
        publics.append(voc.PUBLICS[2])
    if n % 5 == 1:
        publics.append(voc.PUBLICS[0])
    support = ["Accompagnement individuel", "Dans un atelier collectif"]
    if place.kind in {"cyber-base", "mediatheque"}:
        support.insert(0, "En autonomie")
    programmes = ["Conseillers numériques"] if n % 3 != 2 else []
    if spec["espap"]:
        programmes.append("Point d'accès numérique CAF")
    return {
        "insee_code": insee,
        "address": f"{(n * 7) % 40 + 1} {streets[n % len(streets)]}",
        "pivot": f"2146{insee[2:] if insee else '000'}{n:07d}"[:14],
        "opening_hours": HOURS[n % len(HOURS)],
        "services": [v for v in voc.SERVICES if v in services],
        "publics": [v for v in voc.PUBLICS if v in publics],
        "support_modes": [v for v in voc.SUPPORT_MODES if v in support],
        "access_modes": ["Se présenter", "Téléphoner"] + (["Prendre un RDV en ligne"] if spec["espap"] else []),
        "fees": ["Gratuit"] if n % 4 else ["Gratuit", "Payant"],
        "national_programmes": [v for v in voc.NATIONAL_PROGRAMMES if v in programmes],
        "itinerance": ["Fixe"],
        "source": "Réseau des EPM du Lot",
        "description": (
            f"L'espace accueille petits et grands à {commune} : postes en accès libre, "
            "ateliers d'initiation (souris, courriel, smartphone), aide pour les démarches en ligne "
            "et conseils pour acheter ou réparer son matériel. Un animateur est présent à chaque ouverture."
        ),
        "data_updated": DEMO_UPDATED,
    }


def _enrich(place: PlacePage, spec: dict, n: int) -> bool:
    """Fill the fields that are still empty (a DB from an older loader gets them; a second run changes nothing)."""
    changes = {
        name: value for name, value in _demo_values(place, spec, n).items() if value and not getattr(place, name)
    }
    agencies = []
    if spec["espap"] and not place.espap_agencies.exists():
        agencies = list(PartnerAgency.objects.filter(code__in=_agency_codes(n)))
    if not changes and not agencies:
        return False
    if agencies:
        place.espap_agencies.set(agencies)
    place_update(place=place, **changes)
    return True
