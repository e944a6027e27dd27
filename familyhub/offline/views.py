"""Help for families offline: public pages, no sign in, nothing typed."""

from django.shortcuts import render

from familyhub.offline import places


def other_ways(request):
    return render(
        request,
        "offline/other_ways.html",
        {"line": places.help_line(), "hubs": places.family_hubs()},
    )


def getting_online(request):
    return render(
        request,
        "offline/getting_online.html",
        {"line": places.help_line(), "services": places.getting_online_services()},
    )
