"""What a signed-in person sees is never cached, and uploaded files are never served by address."""

from __future__ import annotations

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

import reformdesk.urls
from reformdesk.core.services.tokens import token_create
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/staff/", "/account/", "/", "/procedures/"])
def test_pages_for_a_signed_in_person_are_no_store(personas, path):
    response = sign_in(Client(), personas.one_stop_a).get(path, follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_api_answers_to_a_token_are_no_store(personas):
    _, secret = token_create(actor=None, user=personas.one_stop_a, name="Đồng bộ")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/org/officials")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_anonymous_public_pages_keep_their_own_caching(db):
    response = Client().get("/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_admin_login_page_is_no_store_even_anonymous(db):
    response = Client().get("/admin/login/")
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def uploaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return default_storage.save("dossiers/000.30.31.H41/giay-khai-sinh.pdf", ContentFile(b"%PDF-1.4 ca nhan"))


def test_media_files_are_not_served_by_address_to_anyone(uploaded, personas):
    assert Client().get(f"/media/{uploaded}").status_code == 404
    assert sign_in(Client(), personas.admin).get(f"/media/{uploaded}").status_code == 404


def test_no_url_serves_media_even_with_debug(settings):
    try:
        with override_settings(DEBUG=True):
            importlib.reload(reformdesk.urls)
            with pytest.raises(Resolver404):
                resolve(f"{settings.MEDIA_URL}dossiers/x.pdf", urlconf=reformdesk.urls)
    finally:
        importlib.reload(reformdesk.urls)
