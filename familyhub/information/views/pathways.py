"""Pathways by need, for families and for professionals: built from the directory at each
request (pathways.build_pathway)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from familyhub.information import pathways, queries


def pathway_list(request):
    return render(request, "pathways/list.html", {"needs": pathways.top_needs()})


def _pathway(request, need, *, for_professionals):
    term = pathways.need_term(need)
    if term is None:
        raise Http404
    pathway = pathways.build_pathway(
        term, queries.content_language(), for_professionals=for_professionals
    )
    return render(
        request,
        "pathways/pathway.html",
        {
            "pathway": pathway,
            "for_professionals": for_professionals,
            "safeguarding": settings.SAFEGUARDING_CONTACT,
        },
    )


def pathway(request, need):
    return _pathway(request, need, for_professionals=False)


def pathway_professionals(request, need):
    return _pathway(request, need, for_professionals=True)
