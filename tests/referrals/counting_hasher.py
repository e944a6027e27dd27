"""A real password hasher (Django's MD5 one, fast for tests) that counts its work, to show
that real and made-up references cost the hasher the same."""

from collections import Counter

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    work = Counter()

    def encode(self, password, salt):
        self.work["encode"] += 1
        return super().encode(password, salt)

    def verify(self, password, encoded):
        self.work["verify"] += 1
        return super().verify(password, encoded)
