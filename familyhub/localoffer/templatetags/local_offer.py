"""The Local Offer questions on a service's page: {% local_offer_questions service %} shows
them for a service in the Local Offer (the finder's template loads this; no Python import)."""

from django import template

from familyhub.localoffer import queries

register = template.Library()


@register.inclusion_tag("localoffer/_questions.html")
def local_offer_questions(service):
    if not queries.is_in_local_offer(service):
        return {"in_local_offer": False}
    answers = queries.current_answers([service]).get(service.pk)
    return {"in_local_offer": True, "questions": queries.answered(answers)}
