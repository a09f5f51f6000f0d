"""The traversal tests: portfolioAlumniHires."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.graphql import data, error

HIRES = """
query ($investor: ID!, $alumniOf: ID) {
  portfolioAlumniHires(investor: $investor, alumniOf: $alumniOf) {
    company { id }
    investments { id lead investor { id } round { id announced } }
    hires {
      person { id name }
      left { id start end ended role employer { id } evidence { sources { id } } }
      joined { id start end ended employer { id } evidence { confidence sources { id } } }
    }
  }
}
"""


def hires_by_company(client: TestClient, **variables: Any) -> dict[str, dict[str, Any]]:
    result = data(client, HIRES, **variables)["portfolioAlumniHires"]
    return {item["company"]["id"]: item for item in result}


def test_alumni_hires_default_alumni_of_is_the_investor_with_its_units(
    client: TestClient,
) -> None:
    found = hires_by_company(client, investor="big-group")
    # Startup C is not in the portfolio; the others hired ex-staff of the group's units.
    assert set(found) == {"startup-a", "startup-b"}
    # Kate left Big Lab, Alice left Big Cloud: units are the group. Frank (Rival) and Ivy
    # (an affiliate, not part of the group) are no alumni.
    assert {h["person"]["id"] for h in found["startup-a"]["hires"]} == {"alice", "kate"}
    # Erin: Big Lab until 2024-07, Startup B from 2024-08. Carol is still at Big Lab;
    # Dave joined Startup B in 2023-01 and left Big Group only in 2024-06.
    assert [h["person"]["id"] for h in found["startup-b"]["hires"]] == ["erin"]


def test_alumni_hires_carry_investments_with_units_and_lead(client: TestClient) -> None:
    found = hires_by_company(client, investor="big-group")
    investments = {
        (i["investor"]["id"], i["round"]["id"], i["lead"])
        for i in found["startup-a"]["investments"]
    }
    assert investments == {
        ("big-group", "startup-a-2023", True),
        ("big-group", "startup-a-2024", False),
        ("big-lab", "startup-a-2024", False),
    }
    # Startup B was backed by Big Cloud alone: a unit's investment is the group's.
    (only,) = found["startup-b"]["investments"]
    assert only["investor"]["id"] == "big-cloud"
    assert only["round"] == {"id": "startup-b-2024", "announced": "2024-02"}
    assert only["id"] == "INVESTED_IN:big-cloud:startup-b-2024"
    assert only["lead"] is False


def test_alumni_hire_has_both_spells_with_dates_and_evidence(client: TestClient) -> None:
    found = hires_by_company(client, investor="big-group")
    (erin,) = found["startup-b"]["hires"]
    assert erin["person"] == {"id": "erin", "name": "Erin"}
    assert erin["left"] == {
        "id": "WORKED_AT:erin:big-lab:2019",
        "start": "2019",
        "end": "2024-07",
        "ended": True,
        "role": None,
        "employer": {"id": "big-lab"},
        "evidence": {"sources": [{"id": "src-a"}]},
    }
    assert erin["joined"] == {
        "id": "WORKED_AT:erin:startup-b:2024-08",
        "start": "2024-08",
        "end": None,
        "ended": False,
        "employer": {"id": "startup-b"},
        "evidence": {"confidence": 1.0, "sources": [{"id": "src-b"}]},
    }


def test_alumni_hire_role_change_at_the_startup_is_one_hire(client: TestClient) -> None:
    found = hires_by_company(client, investor="big-group")
    alice = [h for h in found["startup-a"]["hires"] if h["person"]["id"] == "alice"]
    # Alice joined Startup A in 2023-02 and became CTO there in 2024-03: hired once.
    assert [h["joined"]["start"] for h in alice] == ["2023-02"]
    assert alice[0]["left"]["employer"] == {"id": "big-cloud"}
    assert alice[0]["left"]["evidence"]["sources"] == [{"id": "src-a"}, {"id": "src-b"}]


def test_alumni_hires_explicit_alumni_of(client: TestClient) -> None:
    found = hires_by_company(client, investor="big-group", alumniOf="rival")
    # Frank left Rival (2020-05) and joined Startup A (2020-09), which Big Group backed.
    assert set(found) == {"startup-a"}
    (frank,) = found["startup-a"]["hires"]
    assert frank["person"]["id"] == "frank"
    assert frank["left"]["employer"] == {"id": "rival"}
    assert frank["joined"]["start"] == "2020-09"


def test_alumni_hires_of_an_investor_without_alumni_in_its_portfolio(client: TestClient) -> None:
    # Other VC backed A, B and C, but nobody ever worked at Other VC.
    assert data(client, HIRES, investor="other-vc")["portfolioAlumniHires"] == []
    # Big Cloud alone backed Startup B; Erin left Big Lab, not Big Cloud.
    assert data(client, HIRES, investor="big-cloud")["portfolioAlumniHires"] == []
    found = hires_by_company(client, investor="big-cloud", alumniOf="big-group")
    assert [h["person"]["id"] for h in found["startup-b"]["hires"]] == ["erin"]


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"investor": "nope"}, "investor"),
        ({"investor": "big-group", "alumniOf": "nope"}, "alumniOf"),
    ],
)
def test_alumni_hires_unknown_ids(
    client: TestClient, variables: dict[str, str], field: str
) -> None:
    err = error(client, HIRES, **variables)
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["extensions"]["field"] == field
    assert "'nope'" in err["message"]
