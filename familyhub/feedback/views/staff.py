"""Response rates for the people who look at figures: counts only, never a family."""

from django.shortcuts import render

from familyhub.accounts.models import Role
from familyhub.accounts.roles import roles_required
from familyhub.feedback.reporting import response_table

FIGURES = (Role.ANALYST, Role.BOARD_MEMBER, Role.DATA_MANAGER, Role.STRATEGY_LEAD)


@roles_required(*FIGURES)
def response_rates(request):
    return render(request, "feedback/response_rates.html", response_table())
