"""Property-based check of /api/v1 against its own OpenAPI schema (schemathesis, WSGI transport): for
generated requests to the read endpoints and to POST /cases, with a valid token, the server never answers
5xx. Bounded (25 examples per operation) in `make test`; `make soak` (DANVAN_SOAK=1) runs 500 per operation."""

import os
from pathlib import Path
from uuid import uuid4

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.checks import not_a_server_error

from danvan.wsgi import application

MAX_EXAMPLES = 500 if os.environ.get("DANVAN_SOAK") == "1" else 25

# Hypothesis keeps caches on disk: under var/ (ignored by git) rather than in the repository root.
set_hypothesis_home_dir(Path(django_settings.VAR_DIR) / "hypothesis")

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)  # every operation


REQUESTS = {"sent": 0, "failures": 0}


@pytest.fixture(scope="module", autouse=True)
def count_requests():
    """`make soak` reports how many generated requests were sent (DANVAN_SOAK_DIR)."""
    yield
    from tests.reliability.soak import record_soak_figures

    record_soak_figures("schemathesis", REQUESTS)


@pytest.fixture
def wsgi_keeps_test_connection(db):
    """A WSGI request closes the database connection when it ends, which would end the test's transaction
    (PostgreSQL); Django's own test client switches this off in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(wsgi_keeps_test_connection, make_token, make_officer, commune_a, submission):
    from danvan.accounts.roles import Role
    from danvan.cases.services import case_submit

    case_submit(data=submission())  # something to list
    return make_token(make_officer(Role.CASE_HANDLER, commune_a))


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_answers_with_a_server_error(case, token):
    # given
    headers = {"Authorization": f"Bearer {token}"}
    if case.operation.method.upper() == "POST":
        headers["Idempotency-Key"] = uuid4().hex
        if isinstance(case.body, dict):
            # Point generated cases at a real category and commune, so that creation itself gets exercised
            # with generated text (not only the "unknown category" refusal).
            case.body = {**case.body, "category": "dat_dai", "unit": "31135"}

    # when / then
    REQUESTS["sent"] += 1
    try:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])
    except Exception:
        REQUESTS["failures"] += 1
        raise
