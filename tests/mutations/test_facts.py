"""Recording every kind of fact, and employments joined, left and dated."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from tests.graphql import data
from tests.mutations.support import (
    END_EMPLOYMENT,
    RECORD_EMPLOYMENT,
    edge,
)

FACTS = [
    ("recordFounding", "FoundingInput", "founding { id role start person { id } company { id } }",
     {"person": "ben", "company": "newco", "role": "CEO", "start": "2023"},
     "FOUNDED:ben:newco:2023", {"role": "CEO", "start": "2023"}),
    ("recordEducation", "EducationInput",
     "education { id degree field start end person { id } university { id } }",
     {"person": "ben", "university": "uni", "degree": "PhD", "field": "CS", "start": "2005",
      "end": "2010"},
     "STUDIED_AT:ben:uni:2005", {"degree": "PhD", "field": "CS", "end": "2010"}),
    ("recordContribution", "ContributionInput", "contribution { id role person { id } model { id } }",
     {"person": "ben", "model": "acme-lm", "role": "core contributor"},
     "CONTRIBUTED_TO:ben:acme-lm", {"role": "core contributor"}),
    ("recordDevelopment", "DevelopmentInput", "development { id company { id } model { id } }",
     {"company": "acme-cloud", "model": "acme-lm"}, "DEVELOPED:acme-cloud:acme-lm", {}),
    ("recordMembership", "MembershipInput", "membership { id start unit { id } group { id } }",
     {"unit": "newco", "group": "acme", "start": "2024"}, "PART_OF:newco:acme:2024",
     {"start": "2024"}),
    ("recordOwnership", "OwnershipInput", "ownership { id start owner { id } asset { id } }",
     {"owner": "acme", "asset": "acme-app", "start": "2015"}, "OWNS:acme:acme-app:2015",
     {"start": "2015"}),
    ("recordAffiliation", "AffiliationInput", "affiliation { id affiliate { id } company { id } }",
     {"affiliate": "fund", "company": "acme"}, "AFFILIATE_OF:fund:acme", {}),
    ("recordStake", "StakeInput", "stake { id share asOf holder { id } company { id } }",
     {"holder": "acme", "company": "newco", "share": "~20%", "asOf": "2023-07"},
     "HOLDS_STAKE:acme:newco", {"share": "~20%", "asOf": "2023-07"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutation", "input_type", "selection", "input", "fact_id", "props"),
    FACTS,
    ids=[f[0] for f in FACTS],
)
def test_each_kind_of_fact(
    client: TestClient,
    graph: neo4j.Driver,
    mutation: str,
    input_type: str,
    selection: str,
    input: dict[str, Any],
    fact_id: str,
    props: dict[str, Any],
) -> None:
    query = (
        f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ changed {selection} }} }}"
    )
    result = data(client, query, input={**input, "sources": ["src-a"]})[mutation]
    assert result["changed"] is True
    (fact,) = (v for k, v in result.items() if k != "changed")
    assert fact["id"] == fact_id
    assert {k: fact[k] for k in props} == props
    ends = [v["id"] for v in fact.values() if isinstance(v, dict)]
    stored = edge(graph, fact_id)
    assert stored is not None
    assert [stored["from"], stored["to"]] == ends
    assert stored["sources"] == ["src-a"]
    assert stored["writtenBy"] == "test-writer"


def test_employment_join_then_leave(client: TestClient, graph: neo4j.Driver) -> None:
    joined = data(
        client,
        RECORD_EMPLOYMENT,
        input={"person": "ben", "employer": "newco", "role": "engineer", "start": "2023-03",
               "sources": ["src-a"]},
    )["recordEmployment"]  # fmt: skip
    assert joined["employment"]["id"] == "WORKED_AT:ben:newco:2023-03"
    assert joined["employment"]["ended"] is False
    left = data(
        client, END_EMPLOYMENT,
        input={"person": "ben", "employer": "newco", "end": "2024-05", "sources": ["src-b"]},
    )["endEmployment"]  # fmt: skip
    assert left == {
        "changed": True,
        "employment": {"id": "WORKED_AT:ben:newco:2023-03", "start": "2023-03", "end": "2024-05",
                       "ended": True},
    }  # fmt: skip
    stored = edge(graph, "WORKED_AT:ben:newco:2023-03")
    assert stored is not None
    assert stored["role"] == "engineer"
    assert stored["sources"] == ["src-a", "src-b"]
    assert stored["endMax"] == neo4j.time.Date(2024, 5, 31)
    former = data(client, '{ person(id: "ben") { employments(current: false) { nodes { id } } } }')[
        "person"
    ]["employments"]["nodes"]
    assert {"id": "WORKED_AT:ben:newco:2023-03"} in former
    # Leaving again, the same way, changes nothing.
    again = data(
        client, END_EMPLOYMENT,
        input={"person": "ben", "employer": "newco", "end": "2024-05", "sources": ["src-b"]},
    )["endEmployment"]  # fmt: skip
    assert again["changed"] is False


def test_leaving_without_a_date_marks_the_spell_ended(
    client: TestClient, graph: neo4j.Driver
) -> None:
    data(
        client,
        RECORD_EMPLOYMENT,
        input={"person": "ben", "employer": "uni", "role": "lecturer", "sources": ["src-a"]},
    )
    left = data(
        client, END_EMPLOYMENT, input={"person": "ben", "employer": "uni", "sources": ["src-c"]}
    )["endEmployment"]
    assert left["employment"] == {
        "id": "WORKED_AT:ben:uni",
        "start": None,
        "end": None,
        "ended": True,
    }
    # Then a source dates it: the date replaces "ended, date unknown".
    dated = data(
        client,
        RECORD_EMPLOYMENT,
        input={"person": "ben", "employer": "uni", "end": "2019", "sources": ["src-b"]},
    )["recordEmployment"]["employment"]
    assert (dated["end"], dated["ended"]) == ("2019", True)
