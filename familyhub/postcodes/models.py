from django.db import models


class Postcode(models.Model):
    """One full postcode and its centroid, loaded by `import_postcodes` (ONSPD, Code-Point)."""

    postcode = models.CharField(max_length=8, primary_key=True, help_text="Formatted, e.g. ME4 4TR")
    outward_code = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self):
        return self.postcode


class PostcodeDistrict(models.Model):
    """A postcode district (outward code) centroid: the fallback when a full postcode has no row."""

    outward_code = models.CharField(max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    post_town = models.CharField(max_length=60, blank=True)
    local_authority = models.CharField(max_length=80, blank=True)
    source = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.outward_code
