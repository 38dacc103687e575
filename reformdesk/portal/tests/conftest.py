from reformdesk.portal.tests.catalog_data import catalog_fixture  # noqa: F401 - the "catalog" fixture
