from django.shortcuts import render

from familyhub.directory.models import Organisation, Service


def home(request):
    return render(
        request,
        "directory/home.html",
        {
            "service_count": Service.objects.count(),
            "organisation_count": Organisation.objects.count(),
        },
    )
