from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Family Hub — directory administration"
admin.site.site_title = "Family Hub admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/map/", include("familyhub.gaps.urls")),
    path(settings.ORUK_API_BASE_PATH, include("familyhub.directory.oruk.urls")),
    # The SEND Local Offer as its own ORUK feed (familyhub/localoffer/feed.py, decision 0043).
    path("api/local-offer/oruk/v3/", include("familyhub.localoffer.feed_urls")),
    path("staff/data/", include("familyhub.interchange.urls")),
    path("staff/subject-access/", include("familyhub.subject_access.urls")),
    path("staff/retention/", include("familyhub.retention.urls")),
    path("staff/programmes/", include("familyhub.programmes.urls")),
    path("staff/workforce/", include("familyhub.workforce.urls")),
    path("staff/outcomes/", include("familyhub.outcomes.urls")),
]
# The families' pages, signing in among them, in English at / and in other languages at /pl/
# and so on: a Polish reader who signs in stays in Polish (LOGIN_URL and the redirects after
# signing in and out are URL names, so they are reversed in the language of the page).
urlpatterns += i18n_patterns(
    path("accounts/", include("familyhub.accounts.urls")),
    path("", include("familyhub.finder.urls")),
    path("", include("familyhub.referrals.urls")),
    path("", include("familyhub.upkeep.urls")),
    path("", include("familyhub.casework.urls")),
    path("", include("familyhub.offline.urls")),
    path("", include("familyhub.localoffer.urls")),
    path("", include("familyhub.planning.urls")),
    path("", include("familyhub.information.urls")),
    path("", include("familyhub.places.urls")),
    path("", include("familyhub.feedback.urls")),
    path("", include("familyhub.equality.urls")),
    prefix_default_language=False,
)
# A form post too large to read (DATA_UPLOAD_MAX_MEMORY_SIZE) is a clear page, not a bare 400.
handler400 = "familyhub.limits.views.bad_request"
