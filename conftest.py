"""Fixtures shared by every test: fast password hashing and the tiny test commune."""

import pytest


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher (see test_auth); tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
