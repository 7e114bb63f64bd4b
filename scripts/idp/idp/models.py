from django.conf import settings
from django.db import models


class Citizen(models.Model):
    """A person known to the provider: the user's username is the 12-digit personal identification number
    (số định danh cá nhân, on the CCCD card), as VNeID signs people in with it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="citizen")
    full_name = models.CharField(max_length=255)
    phone = models.CharField(max_length=16, blank=True)
    birth_date = models.DateField(null=True, blank=True)

    def __str__(self):
        return self.full_name
