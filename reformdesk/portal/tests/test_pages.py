import pytest
from django.test import Client


@pytest.mark.django_db
def test_directory_lists_units_in_force(tree, client: Client):
    response = client.get("/units/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Xã Phú Sơn" in body
    assert "000.30.31.H41" in body


@pytest.mark.django_db
def test_directory_htmx_request_renders_only_the_table(tree, client: Client):
    response = client.get("/units/?q=Phú", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="table-region")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="table-region"')
    assert "Xã Phú Sơn" in body
    assert "Xã Tân Hương" not in body


@pytest.mark.django_db
def test_unit_page_shows_hotline_and_leader(personas, tree, client: Client):
    response = client.get("/units/000.30.31.H41/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đinh Xuân Công" in body
    assert "0238 3882 111" in body
