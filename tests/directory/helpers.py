from tests.factories import TerritoryFactory, place


def complete_place(territory=None, **fields):
    """A place with every field the national schema requires."""
    fields.setdefault("commune", "Cahors")
    fields.setdefault("postcode", "46000")
    fields.setdefault("insee_code", "46042")
    fields.setdefault("address", "1 place de la Mairie")
    fields.setdefault("latitude", 44.4475)
    fields.setdefault("longitude", 1.441)
    fields.setdefault("opening_hours", "Mo-Fr 09:00-12:00")
    fields.setdefault("phone", "05 65 12 34 56")
    fields.setdefault("email", "contact@epm.test")
    return place(territory or TerritoryFactory(name="Grand Cahors"), **fields)
