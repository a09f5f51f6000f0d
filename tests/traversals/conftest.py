"""The traversal tests' graph: a small hand-made one whose answers are known.

The graph is written through the real seed loader, so it is stored exactly as
the real data is (labels, partial dates as text plus Min/Max, `ended`, fact ids).

    Big Group (BIG_TECH) <-PART_OF- Big Cloud, Big Lab;  Affiliate Co -AFFILIATE_OF-> Big Group

    rounds (company: investors)              people (WORKED_AT spells)
    startup-a-2023 (2023-05) A: big-group*, other-vc     alice  big-cloud 2018..2022-12; startup-a 2023-02..2024-03,
    startup-a-2024 (2024-06) A: big-group, big-lab,              startup-a 2024-03.. (CTO: a role change)
                                other-vc                  bob    big-group 2015..2019; rival 2019-06..2021;
    startup-b-2024 (2024-02) B: big-cloud, other-vc*,            big-group 2021-03.. (came back)
                                affiliate-co              carol  big-lab 2020.. (still there); startup-b 2024-05..
    startup-c-2022 (2022-06) C: other-vc                  dave   big-group 2019..2024-06; startup-b 2023-01..
                                                          erin   big-lab 2019..2024-07; startup-b 2024-08..
    (* lead)                                              frank  rival 2017..2020-05; startup-a 2020-09..
                                                          hank   big-cloud (ended, undated); startup-c 2023..
                                                          ivy    affiliate-co 2018..2021; startup-a 2021-06..
                                                          jack   big-cloud 2016..2020-03; big-lab 2020-03..
                                                          kate   big-lab 2019..2023-01; startup-a 2023-04..
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.graphql import graph_fixture

GRAPH = (Path(__file__).parent / "graph.yaml").read_text()


graph = graph_fixture(GRAPH)


@pytest.fixture(scope="module")
def client(settings: Settings, graph: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c
