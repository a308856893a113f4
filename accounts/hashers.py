from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.

    Django's default (100 MiB, 8 lanes) makes every login cost far more memory and
    time per worker; OWASP's profile keeps a login to tens of milliseconds while
    staying memory-hard. Hashes made with other parameters still
    verify and are re-hashed with these on the next login (`must_update`).
    """

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
