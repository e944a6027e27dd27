"""Who each kind of message goes to, for the pack's list of messages about the family."""

from django.utils.translation import gettext_lazy

# Who each kind of message goes to. Every kind in notifications/messages.py is listed here
# (a test says so), so a new kind must be placed before it can go missing from a pack.
TO_FAMILY = frozenset(
    {
        "request_sent",
        "request_updated",
        "account_added",
        "tracking_code",
        "tracking_codes_asked_for",
        "service_closing_family",
        "feedback_asked",  # feedback: about a request (or a case or programme, by its reference)
        "feedback_reminder",
        "early_help_ended",  # casework: by the case's reference
    }
)
TO_REFERRER = frozenset({"referrer_update", "service_closing_referrer"})
TO_SERVICE = frozenset(
    {
        "new_request",
        "safeguarding_concern",
        "start_overdue",
        "request_withdrawn",
        "feedback_concern",
        "sustained_check_due",  # casework: to the lead, by the case's reference
        "case_safety_concern",
    }
)
NOT_ABOUT_A_FAMILY = frozenset(
    {
        "directory_change_decided",
        "directory_check_due",
        "directory_suggestion",
        "account_confirm",  # to a person making an account, about the account
        "account_exists",
        "partner_feed_failing",  # to a data manager, about a partner's feed
        "partner_feed_held",
        "plan_review_due",  # planning: to an action's lead, by the action's reference
        "training_expiring",  # workforce: to a member of staff (and their managers)
        "information_reviews_due",  # information: to the content editors
    }
)
RECIPIENTS = {
    **dict.fromkeys(TO_FAMILY, gettext_lazy("the family")),
    **dict.fromkeys(TO_REFERRER, gettext_lazy("the practitioner who made the request")),
    **dict.fromkeys(TO_SERVICE, gettext_lazy("the service (or the early help team)")),
}
