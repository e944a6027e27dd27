from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Family Hub — directory administration"
admin.site.site_title = "Family Hub admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("familyhub.accounts.urls")),
    path("staff/map/", include("familyhub.gaps.urls")),
    path(settings.ORUK_API_BASE_PATH, include("familyhub.directory.oruk.urls")),
    path("staff/data/", include("familyhub.interchange.urls")),
]
# The families' pages, in English at / and in other languages at /pl/ and so on.
urlpatterns += i18n_patterns(
    path("", include("familyhub.finder.urls")),
    path("", include("familyhub.referrals.urls")),
    path("", include("familyhub.upkeep.urls")),
    prefix_default_language=False,
)
