"""The cases app's fixtures (legal data, a category, a submission in commune_a), shared with these tests."""

from danvan.cases.tests import conftest as cases_fixtures

legal_data = cases_fixtures.legal_data
category = cases_fixtures.category
submission = cases_fixtures.submission
