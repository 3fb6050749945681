"""Demo directory: the 9 territories of the Lot and about forty places."""

import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from core.demo import network_data
from directory import vocabularies as voc
from directory.models import DirectoryIndexPage, PartnerAgency, PlacePage, Territory, TerritoryPage
from directory.services import place_update, territory_group_sync

# Official geographic codes (INSEE) of the demo communes.
INSEE = {
    "Cahors": "46042",
    "Pradines": "46224",
    "Figeac": "46102",
    "Cajarc": "46050",
    "Bagnac-sur-Célé": "46015",
    "Souillac": "46309",
    "Gramat": "46128",
    "Saint-Céré": "46251",
    "Martel": "46185",
    "Vayrac": "46330",
    "Le Vigan": "46332",
    "Payrac": "46215",
    "Cazals": "46066",
    "Puy-l'Évêque": "46231",
    "Prayssac": "46225",
    "Luzech": "46182",
    "Montcuq-en-Quercy-Blanc": "46201",
    "Castelnau-Montratier": "46063",
    "Cœur-de-Causse (Labastide-Murat)": "46138",
    "Lalbenque": "46156",
    "Limogne-en-Quercy": "46173",
    "Gourdon": "46127",
    "Assier": "46009",
    "Salviac": "46297",
    "Catus": "46064",
    "Biars-sur-Cère": "46029",
    "Leyme": "46170",
    "Latronquière": "46165",
    "Laval-de-Cère": "46166",
    "Lacapelle-Marival": "46143",
}

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

POSTCODES = {
    "Cahors": "46000",
    "Pradines": "46090",
    "Figeac": "46100",
    "Cajarc": "46160",
    "Bagnac-sur-Célé": "46270",
    "Souillac": "46200",
    "Gramat": "46500",
    "Saint-Céré": "46400",
    "Martel": "46600",
    "Vayrac": "46110",
    "Le Vigan": "46300",
    "Payrac": "46350",
    "Cazals": "46250",
    "Puy-l'Évêque": "46700",
    "Prayssac": "46220",
    "Luzech": "46140",
    "Montcuq-en-Quercy-Blanc": "46800",
    "Castelnau-Montratier": "46170",
    "Cœur-de-Causse (Labastide-Murat)": "46240",
    "Lalbenque": "46230",
    "Limogne-en-Quercy": "46260",
    "Gourdon": "46300",
    "Assier": "46320",
    "Salviac": "46340",
    "Catus": "46150",
    "Biars-sur-Cère": "46130",
    "Leyme": "46120",
    "Latronquière": "46210",
    "Laval-de-Cère": "46130",
    "Lacapelle-Marival": "46120",
}

KINDS = {"cyber-base": "cyber-base", "maison communautaire": "maison-communautaire", "mairie": "mairie"}

# Further places in the larger communes, so that the demo map has about forty.
EXTRA_PLACES = [
    ("Médiathèque du Grand Cahors", "Cahors", "mediatheque", 0.004, -0.006),
    ("Espace numérique de la Maison des associations", "Cahors", "association", -0.005, 0.004),
    ("Médiathèque de Figeac", "Figeac", "mediatheque", 0.003, 0.005),
    ("Point numérique du centre social de Figeac", "Figeac", "association", -0.004, -0.003),
    ("Médiathèque de Souillac", "Souillac", "mediatheque", 0.003, 0.004),
    ("Espace multimédia de la médiathèque de Gramat", "Gramat", "mediatheque", -0.003, 0.003),
    ("Médiathèque de Saint-Céré", "Saint-Céré", "mediatheque", 0.002, -0.004),
    ("Atelier numérique de Puy-l'Évêque", "Puy-l'Évêque", "association", 0.003, 0.003),
    ("Club informatique de Prayssac", "Prayssac", "association", -0.002, 0.004),
    ("Médiathèque de Gourdon", "Gourdon", "mediatheque", 0.004, -0.003),
]


def _place_specs():
    data = network_data()
    specs = []
    for site in data["espap"]["sites"]:
        specs.append(
            {
                "title": site["name"],
                "commune": site["commune"],
                "territory": site["territory"],
                "kind": KINDS.get(site["kind"], "epm"),
                "lat": site["lat"],
                "lng": site["lng"],
                "espap": True,
                "ticket": site["kind"] == "cyber-base",
                "workstations": 8 if site["kind"] == "cyber-base" else 3,
            }
        )
    communes = {}
    for item in data["demo_communes"]:
        communes[item["commune"]] = item
        specs.append(
            {
                "title": f"Espace public multimédia de {item['commune'].split(' (')[0]}",
                "commune": item["commune"],
                "territory": item["territory"],
                "kind": "epm",
                "lat": item["lat"],
                "lng": item["lng"],
                "espap": False,
                "ticket": item["commune"] in {"Cahors", "Figeac", "Souillac", "Gramat", "Saint-Céré", "Prayssac"},
                "workstations": 6,
            }
        )
    esp_sites = {s["commune"]: s for s in data["espap"]["sites"]}
    for title, commune, kind, dlat, dlng in EXTRA_PLACES:
        base = communes.get(commune) or esp_sites[commune]
        specs.append(
            {
                "title": title,
                "commune": commune,
                "territory": base["territory"],
                "kind": kind,
                "lat": round(base["lat"] + dlat, 4),
                "lng": round(base["lng"] + dlng, 4),
                "espap": False,
                "ticket": False,
                "workstations": 4,
            }
        )
    return specs


def _summary(spec):
    parts = [f"Accès libre et accompagné aux outils numériques à {spec['commune'].split(' (')[0]}."]
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
    for territory in territories.values():
        territory_group_sync(territory=territory)

    created = 0
    for spec in _place_specs():
        parent = territory_pages[spec["territory"]]
        slug = slugify(spec["title"])[:80]
        if PlacePage.objects.filter(slug=slug).exists():
            continue
        parent.add_child(
            instance=PlacePage(
                title=spec["title"],
                slug=slug,
                territory=territories[spec["territory"]],
                kind=spec["kind"],
                commune=spec["commune"],
                postcode=POSTCODES.get(spec["commune"], ""),
                latitude=spec["lat"],
                longitude=spec["lng"],
                espap=spec["espap"],
                ticket_declic=spec["ticket"],
                workstations=spec["workstations"],
                summary=_summary(spec),
                phone=f"05 65 00 {created % 100:02d} {(created * 7) % 100:02d}",
                email=f"contact@{slug[:40]}.demo.maillage.test",
                data_updated=DEMO_UPDATED,
            )
        )
        created += 1
    if created:
        log(f"  {created} lieux créés")

    enriched = 0
    for index_, spec in enumerate(_place_specs()):
        place = PlacePage.objects.filter(slug=slugify(spec["title"])[:80]).first()
        if place is not None and _enrich(place, spec, index_):
            enriched += 1
    if enriched:
        log(f"  {enriched} lieux complétés (schéma national)")


def _demo_values(place: PlacePage, spec: dict, n: int) -> dict:
    """The national-schema fields of a demo place, derived from its position in the list."""
    commune = spec["commune"]
    insee = INSEE.get(commune, "")
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
            f"L'espace accueille petits et grands à {commune.split(' (')[0]} : postes en accès libre, "
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
        codes = ["caf", "cpam", "mloc"] if n % 2 == 0 else ["caf", "cram", "anpe"]
        agencies = list(PartnerAgency.objects.filter(code__in=codes))
    if not changes and not agencies:
        return False
    if agencies:
        place.espap_agencies.set(agencies)
    place_update(place=place, **changes)
    return True
