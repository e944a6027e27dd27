"""Partners' feeds pulled on a schedule (pulls.py): data managers register them, change or
pause them, pull one now, and import a held pull anyway. The pulls themselves run on the
import worker, never in these requests."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.accounts.roles import DATA_ROLES, roles_required
from familyhub.interchange import pulls
from familyhub.interchange.forms import PartnerFeedForm
from familyhub.interchange.models import PartnerFeed, RunStatus

RUNS_SHOWN = 10

# Data managers and administrators: the one role check (accounts.roles).
data_manager_only = roles_required(*DATA_ROLES)


@data_manager_only
def feed_list(request):
    form = PartnerFeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        feed = form.save()
        messages.success(request, _("The feed is registered. It will be pulled at its time."))
        return redirect("interchange:partner_feed", feed_id=feed.pk)
    now = timezone.now()
    feeds = PartnerFeed.objects.select_related("organisation", "last_run")
    rows = [(feed, pulls.next_time(feed, now) if feed.enabled else None) for feed in feeds]
    return render(request, "interchange/partner_feeds.html", {"rows": rows, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip


@data_manager_only
def feed_page(request, feed_id):
    feed = get_object_or_404(PartnerFeed, pk=feed_id)
    form = PartnerFeedForm(request.POST or None, instance=feed)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes have been saved."))
        return redirect("interchange:partner_feed", feed_id=feed.pk)
    runs = feed.runs.select_related("started_by")[:RUNS_SHOWN]
    held = feed.last_run if feed.last_run and feed.last_run.status == RunStatus.HELD else None
    context = {
        "feed": feed,
        "form": form,
        "runs": runs,
        "held": held,
        "next_time": pulls.next_time(feed, timezone.now()) if feed.enabled else None,
        "pulling": feed.runs.filter(status__in=pulls.IN_PROGRESS).exists(),
    }
    return render(request, "interchange/partner_feed.html", context,
                  status=400 if form.errors else 200)  # fmt: skip


@require_POST
@data_manager_only
def pull_now(request, feed_id):
    """Pull now; with "anyway", import a pull that was held for what it would archive."""
    feed = get_object_or_404(PartnerFeed, pk=feed_id)
    anyway = "anyway" in request.POST
    run = pulls.pull_now(feed, by=request.user, approve_archiving=anyway)
    if run is None:
        messages.info(request, _("A pull of this feed is already waiting or running."))
        return redirect("interchange:partner_feed", feed_id=feed.pk)
    return redirect("interchange:run", run_id=run.pk)
