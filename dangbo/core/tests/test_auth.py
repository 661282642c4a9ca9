"""Login, logout, password change, Argon2, throttling, and the profile-view log."""

import importlib

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.urls import reverse

from dangbo.core.models import ProfileView

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="vi"' in body
    assert "Đăng nhập" in body and "Tên đăng nhập" in body and "Mật khẩu" in body


def test_production_hasher_is_argon2(commune):
    settings_module = importlib.import_module("dangbo.settings")
    assert settings_module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=settings_module.PASSWORD_HASHERS):
        commune.admin.set_password("mat-khau-moi-2026")
        commune.admin.save()
        assert identify_hasher(commune.admin.password).algorithm == "argon2"


def test_login_and_logout_through_the_forms(client, commune):
    response = client.post(reverse("login"), {"username": "canbo", "password": "matkhau"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_says_so_in_vietnamese(client, commune):
    response = client.post(reverse("login"), {"username": "canbo", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_lock_the_username_even_with_the_right_password(
    client, commune, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "canbo", "password": "sai"})
    response = client.post(reverse("login"), {"username": "canbo", "password": "matkhau"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    # Another user from the same office is not locked out.
    ok = client.post(reverse("login"), {"username": "bithu.nadon", "password": "matkhau"})
    assert ok.status_code == 302


def test_password_change(client, commune):
    client.force_login(commune.secretary_na_don)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "matkhau",
            "new_password1": "Ban-Na-Don-2026",
            "new_password2": "Ban-Na-Don-2026",
        },
    )
    assert response.status_code == 302
    commune.secretary_na_don.refresh_from_db()
    assert commune.secretary_na_don.check_password("Ban-Na-Don-2026")


def test_staff_opening_a_profile_is_logged_with_who_and_when(client, commune):
    client.force_login(commune.admin)
    client.get(reverse("members:detail", args=[commune.member_na_don.pk]))
    client.get(reverse("members:detail", args=[commune.member_na_don.pk]))
    views = ProfileView.objects.filter(member=commune.member_na_don)
    assert views.count() == 2
    assert {v.viewer for v in views} == {commune.admin}
    assert all(v.viewed_at for v in views)


def test_a_member_reading_their_own_profile_is_not_a_staff_access(client, commune):
    client.force_login(commune.member_user)
    response = client.get(reverse("members:detail", args=[commune.plain_member.pk]))
    assert response.status_code == 200
    assert not ProfileView.objects.exists()
