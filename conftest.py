"""Fixtures shared by every test: fast password hashing and the tiny test commune."""

import pytest


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher (see test_auth); tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _inline_jobs(settings, tmp_path):
    # A test's data lives in its open transaction, which a background thread cannot see: run
    # imports in the request. The browser journeys (tests/e2e) use real threads.
    settings.DANGBO = {**settings.DANGBO, "IMPORT_INLINE": True}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def commune(db):
    from dangbo.testing import build_commune

    return build_commune()


@pytest.fixture
def login(client):
    """Log the test client in as a user (force_login skips django-axes)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
