"""The scheme's catalogue as data: the 20 modules in 5 families (from the network's facts) and
the competence frameworks (``data/frameworks.yaml``). Loaded by a data migration, so every
installation has them; the manager edits them afterwards in the Wagtail admin. Loading again
adds what is missing and changes nothing that exists."""

from pathlib import Path

import yaml

from core.demo import network_data

FAMILIES = {
    "discovery": ("Découverte", 1),
    "employment_training": ("Emploi et formation", 2),
    "online_administration": ("Administration en ligne", 3),
    "business_creation": ("Création et développement d'activité", 4),
    "education_culture": ("Éducation et culture", 5),
}
FRAMEWORKS = Path(__file__).resolve().parent / "data" / "frameworks.yaml"


def load(get_model=None) -> None:
    """Create the families, modules and frameworks that are missing. ``get_model`` is a data
    migration's ``apps.get_model`` (the historical models), else the current ones."""
    if get_model is None:
        from django.apps import apps

        get_model = apps.get_model
    Family = get_model("tickets", "Family")
    CourseModule = get_model("tickets", "CourseModule")
    for slug, titles in network_data()["ticket"]["modules"].items():
        name, order = FAMILIES[slug]
        family, _ = Family.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
        for number, title in titles.items():
            CourseModule.objects.get_or_create(number=int(number), defaults={"title": title, "family": family})
    load_frameworks(get_model)


def load_frameworks(get_model) -> None:
    Framework = get_model("tickets", "Framework")
    Domain = get_model("tickets", "Domain")
    Competence = get_model("tickets", "Competence")
    Item = get_model("tickets", "Item")
    has_default = Framework.objects.filter(is_default=True).exists()
    for spec in yaml.safe_load(FRAMEWORKS.read_text(encoding="utf-8")):
        framework, created = Framework.objects.get_or_create(
            name=spec["name"], version=spec["version"], defaults={"is_default": spec["default"] and not has_default}
        )
        if not created:
            continue
        for d_order, d in enumerate(spec["domains"]):
            domain = Domain.objects.create(framework=framework, code=d["code"], title=d["title"], order=d_order)
            for c_order, c in enumerate(d["competences"]):
                competence = Competence.objects.create(domain=domain, code=c["code"], title=c["title"], order=c_order)
                for i_order, text in enumerate(c["items"]):
                    Item.objects.create(
                        competence=competence, code=f"{c['code']}.{i_order + 1}", text=text, order=i_order
                    )
