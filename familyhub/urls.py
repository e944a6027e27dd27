from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from familyhub.directory import views as directory_views

admin.site.site_header = "Family Hub — directory administration"
admin.site.site_title = "Family Hub admin"

urlpatterns = [
    path("", directory_views.home, name="home"),
    path("admin/", admin.site.urls),
    path(settings.ORUK_API_BASE_PATH, include("familyhub.directory.oruk.urls")),
]
