from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def council(request):
    """Branding, the safeguarding contact and the language links, for every page."""
    current = get_language()
    languages = [
        {
            "code": code,
            "name": name,
            "current": current == code or (current or "").split("-")[0] == code.split("-")[0],
            "url": translate_url(request.get_full_path(), code),
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "council": {
            "name": settings.COUNCIL_NAME,
            "service_name": settings.SERVICE_NAME,
            "brand_colour": settings.BRAND_COLOUR,
            "brand_text_colour": settings.BRAND_TEXT_COLOUR,
            "link_colour": settings.LINK_COLOUR,
        },
        "safeguarding": settings.SAFEGUARDING_CONTACT,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "languages": languages,
        "shortlist_count": len(request.session.get("shortlist", []))
        if hasattr(request, "session")
        else 0,
    }
