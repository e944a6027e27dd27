"""`{% tell_us_how_it_went support_request %}`: on the family's own request page, once the
request has closed and the family was asked, a link to the feedback form (the family only: a
member of staff looking at the same page is never shown it)."""

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from familyhub.accounts.roles import is_parent
from familyhub.feedback.links import path_for
from familyhub.feedback.models import FeedbackInvitation

register = template.Library()


@register.inclusion_tag("feedback/_tell_us.html", takes_context=True)
def tell_us_how_it_went(context, support_request):
    request = context.get("request")
    user = getattr(request, "user", None)
    family = user is not None and (not user.is_authenticated or is_parent(user))
    invitation = None
    if family and support_request is not None:
        invitation = FeedbackInvitation.objects.filter(
            request=support_request, answered_at__isnull=True, expires_at__gt=timezone.now()
        ).first()
    return {"feedback_path": path_for(invitation, language=get_language()) if invitation else ""}
