"""A cheap Argon2 for the test suite only (DANVAN_FAST_PASSWORD_HASHING=1, set by pyproject's pytest env):
the same algorithm and format as production, with minimal cost, so hundreds of test users do not each
spend the deliberate second that protects real passwords."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8
    parallelism = 1
