from django.contrib import admin, messages
from django.utils.html import format_html

from familyhub.notifications.models import Message
from familyhub.notifications.services import send_again


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: staff see what was sent, and what failed, and can send a failed one again."""

    list_display = ["created_at", "status_shown", "kind", "channel", "masked_to", "reference",
                    "attempts", "next_attempt_at", "sent_at", "last_error_shown"]  # fmt: skip
    list_filter = ["status", "channel", "kind"]
    search_fields = ["reference"]
    # "failed" sorts before "pending" and "sent": failures come first.
    ordering = ["status", "-created_at"]
    fields = ["id", "status", "kind", "channel", "masked_to", "reference", "link", "attempts",
              "next_attempt_at", "claimed_until", "last_error", "sent_at", "provider_id",
              "created_at"]  # fmt: skip
    readonly_fields = fields
    actions = ["send_again_action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # failures are kept, never lost

    def has_send_again_permission(self, request):
        return request.user.has_perm("notifications.change_message")

    @admin.display(description="To")
    def masked_to(self, obj):
        return obj.masked_to

    @admin.display(description="Link")
    def link(self, obj):
        return obj.personalisation.get("link", "")  # never the one-time code

    @admin.display(description="Status", ordering="status")
    def status_shown(self, obj):
        if obj.status == Message.Status.FAILED:
            return format_html(
                '<strong style="color:#fff;background:#d4351c;padding:2px 6px">{}</strong>',
                obj.get_status_display().upper(),
            )
        return obj.get_status_display()

    @admin.display(description="Last error")
    def last_error_shown(self, obj):
        return obj.last_error[:80]

    @admin.action(description="Send again (failed messages)", permissions=["send_again"])
    def send_again_action(self, request, queryset):
        failed = queryset.filter(status=Message.Status.FAILED)
        moved = sum(send_again(message) for message in failed)
        skipped = queryset.count() - moved
        self.message_user(request, f"{moved} message(s) will be sent again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} message(s) were left: they had not failed, or carried a one-time "
                "code that is no longer kept (the family can ask for a new one).",
                messages.WARNING,
            )

    def changelist_view(self, request, extra_context=None):
        failed = Message.objects.filter(status=Message.Status.FAILED).count()
        if failed and request.method == "GET":
            self.message_user(
                request,
                f"{failed} message(s) failed to send. Check the address, then Send again.",
                messages.ERROR,
            )
        return super().changelist_view(request, extra_context)
