"""The Local Offer section of the front door, and the staff page where a provider or data
manager answers its questions for a service. Thin: the rules are in queries.py."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from familyhub.accounts.models import Role
from familyhub.accounts.roles import roles_required
from familyhub.directory.models import TaxonomyTerm
from familyhub.directory.need_names import need_name
from familyhub.directory.search.request import SearchInputError
from familyhub.localoffer import actions, queries
from familyhub.localoffer.forms import AnswersForm
from familyhub.upkeep.access import services_for

EDITORS = (Role.PROVIDER, Role.DATA_MANAGER, Role.ADMINISTRATOR)


def index(request):
    need = request.GET.get("need", "")[:100]
    try:
        services = list(queries.local_offer_services(needs=[need] if need else []))
    except SearchInputError:
        need, services = "", list(queries.local_offer_services())
    answers = queries.current_answers(services)
    codes = queries.send_need_codes()
    needs = TaxonomyTerm.objects.filter(code__in=codes).order_by("position", "name")
    return render(
        request,
        "localoffer/index.html",
        {
            "services": [{"service": s, "answered": s.pk in answers} for s in services],
            "needs": [{"code": t.code, "name": need_name(t.code, t.name)} for t in needs],
            "need": need,
            "feed_url": request.build_absolute_uri(reverse("localoffer_oruk:services")),
        },
    )


@roles_required(*EDITORS)
def staff_list(request):
    mine = services_for(request.user).values("pk")
    services = list(queries.local_offer_services().filter(pk__in=mine))
    answers = queries.current_answers(services)
    rows = [{"service": s, "answers": answers.get(s.pk)} for s in services]
    return render(request, "localoffer/staff_list.html", {"rows": rows})


@roles_required(*EDITORS)
def edit_answers(request, service_id):
    service = get_object_or_404(services_for(request.user), pk=service_id)
    if not queries.is_in_local_offer(service):
        raise Http404("That service is not in the Local Offer.")
    current = queries.current_answers([service]).get(service.pk)
    if request.method == "POST":
        form = AnswersForm(request.POST)
        if form.is_valid():
            actions.save_answers(service, form.cleaned_data, by=request.user)
            messages.success(request, _("The Local Offer answers are saved and published."))
            return redirect("localoffer:staff_list")
        status = 400
    else:
        form = AnswersForm(initial=queries.answers_as_initial(current))
        status = 200
    return render(
        request,
        "localoffer/edit_answers.html",
        {"service": service, "form": form, "current": current},
        status=status,
    )
