"""The traversal tests: coInvestors and portfolio."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.graphql import data, error

CO_INVESTORS = """
query ($company: ID!) {
  coInvestors(company: $company) { investor { id } count rounds { id } }
}
"""

PORTFOLIO = """
query ($investor: ID!) {
  portfolio(investor: $investor) {
    nodes {
      company { id name }
      investments { id lead investor { id } round { id announced } }
    }
  }
}
"""


def test_co_investors_count_shared_rounds_and_leave_out_own_units(client: TestClient) -> None:
    result = data(client, CO_INVESTORS, company="big-group")["coInvestors"]
    # Big Lab and Big Cloud invested too, but they are Big Group: no co-investors of it.
    assert [(c["investor"]["id"], c["count"]) for c in result] == [
        ("other-vc", 3),
        ("affiliate-co", 1),
    ]
    # Startup A's 2024 round is shared once, though Big Group and Big Lab both joined it.
    other_vc = result[0]
    assert sorted(r["id"] for r in other_vc["rounds"]) == [
        "startup-a-2023",
        "startup-a-2024",
        "startup-b-2024",
    ]
    assert [r["id"] for r in result[1]["rounds"]] == ["startup-b-2024"]


def test_co_investors_of_an_outside_investor(client: TestClient) -> None:
    result = data(client, CO_INVESTORS, company="other-vc")["coInvestors"]
    counts = {c["investor"]["id"]: c["count"] for c in result}
    # Startup C's round had Other VC alone.
    assert counts == {"big-group": 2, "big-lab": 1, "big-cloud": 1, "affiliate-co": 1}
    assert result[0]["investor"]["id"] == "big-group"


def test_co_investors_of_a_company_that_never_invested(client: TestClient) -> None:
    assert data(client, CO_INVESTORS, company="rival")["coInvestors"] == []


def test_co_investors_unknown_company(client: TestClient) -> None:
    err = error(client, CO_INVESTORS, company="nope")
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert "'nope'" in err["message"]


def test_portfolio_includes_units_investments(client: TestClient) -> None:
    result = data(client, PORTFOLIO, investor="big-group")["portfolio"]["nodes"]
    assert [p["company"]["id"] for p in result] == ["startup-a", "startup-b"]
    startup_a, startup_b = result
    spells = [(i["investor"]["id"], i["round"]["id"], i["lead"]) for i in startup_a["investments"]]
    # Oldest round first; the two investments in the 2024 round in either order.
    assert spells[0] == ("big-group", "startup-a-2023", True)
    assert sorted(spells[1:]) == [
        ("big-group", "startup-a-2024", False),
        ("big-lab", "startup-a-2024", False),
    ]
    assert startup_b["investments"] == [
        {
            "id": "INVESTED_IN:big-cloud:startup-b-2024",
            "lead": False,
            "investor": {"id": "big-cloud"},
            "round": {"id": "startup-b-2024", "announced": "2024-02"},
        }
    ]


def test_portfolio_of_other_investors(client: TestClient) -> None:
    result = data(client, PORTFOLIO, investor="other-vc")["portfolio"]["nodes"]
    assert [p["company"]["id"] for p in result] == ["startup-a", "startup-b", "startup-c"]
    leads = {i["round"]["id"]: i["lead"] for p in result for i in p["investments"]}
    assert leads == {
        "startup-a-2023": False,
        "startup-a-2024": False,
        "startup-b-2024": True,
        "startup-c-2022": False,
    }
    # A unit's own portfolio is only what it backed itself.
    unit = data(client, PORTFOLIO, investor="big-cloud")["portfolio"]["nodes"]
    assert [p["company"]["id"] for p in unit] == ["startup-b"]
    assert data(client, PORTFOLIO, investor="rival")["portfolio"]["nodes"] == []


def test_portfolio_unknown_investor(client: TestClient) -> None:
    err = error(client, PORTFOLIO, investor="nope")
    assert err["extensions"]["code"] == "NOT_FOUND"
    assert err["extensions"]["field"] == "investor"
    assert "'nope'" in err["message"]
