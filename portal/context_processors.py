from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME, "NETWORK_NAME": "Réseau des Espaces Publics Multimédia du Lot"}
