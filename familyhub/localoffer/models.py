"""A SEND service's answers to the Local Offer questions (questions.py). Each save is a new
row, so the history is the table; the newest row is what families and the feed read."""

from django.conf import settings
from django.db import models

from familyhub.directory.models import Service


class LocalOfferAnswers(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="local_offer_answers"
    )
    who_for = models.TextField(blank=True, max_length=2000)
    how_to_access = models.TextField(blank=True, max_length=2000)
    decisions = models.TextField(blank=True, max_length=2000)
    involvement = models.TextField(blank=True, max_length=2000)
    cost = models.TextField(blank=True, max_length=2000)
    funding = models.TextField(blank=True, max_length=2000)
    contact = models.TextField(blank=True, max_length=2000)
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-saved_at", "-id"]
        indexes = [models.Index(fields=["service", "-saved_at"], name="local_offer_latest")]

    def __str__(self):
        return f"Local Offer answers for {self.service_id} ({self.saved_at:%Y-%m-%d %H:%M})"
