"""Search over more hits than it ranks: the best 1000 without `kinds` (the full-text index
cuts them), and with `kinds` every hit of those kinds, however many others outscore them."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.graphql import both_paths_client, data

PEOPLE = 1_100  # all named `Zed <n>`: the word itself, the best score for "Zed"
COMPANIES = 5  # named `Zedd Co <n>`: only a prefix match, below every person
SEARCH = """query($kinds: [EntityKind!]) { search(text: "Zed", kinds: $kinds, first: 20) {
  totalCount nodes { score node { __typename id } } } }"""


def _graph() -> str:
    lines = ["sources:", "  - {id: src-a, title: Test source A, publisher: Test}", "people:"]
    lines += [f"  - {{id: zed-{n}, name: Zed {n}, sources: [src-a]}}" for n in range(PEOPLE)]
    lines += ["companies:"]
    lines += [f"  - {{id: zedd-co-{n}, name: Zedd Co {n}, kind: STARTUP, sources: [src-a]}}"
              for n in range(COMPANIES)]  # fmt: skip
    return "\n".join(lines) + "\n"


client = both_paths_client(_graph())


def test_without_kinds_the_best_1000_count(client: TestClient) -> None:
    found = data(client, SEARCH)["search"]
    assert found["totalCount"] == 1000
    scores = [hit["score"] for hit in found["nodes"]]
    assert scores == sorted(scores, reverse=True)
    assert {hit["node"]["__typename"] for hit in found["nodes"]} == {"Person"}


def test_kinds_find_hits_that_more_than_1000_others_outscore(client: TestClient) -> None:
    found = data(client, SEARCH, kinds=["COMPANY"])["search"]
    assert found["totalCount"] == COMPANIES
    assert sorted(hit["node"]["id"] for hit in found["nodes"]) == [
        f"zedd-co-{n}" for n in range(COMPANIES)
    ]
