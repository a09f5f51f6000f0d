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

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.app import create_app
from talentgraph.settings import Settings
from tests.graphql import graph_fixture

GRAPH = """
sources:
  - {id: src-a, title: Test source A, publisher: Test, reliability: high}
  - {id: src-b, title: Test source B, publisher: Test, reliability: low}

companies:
  - {id: big-group, name: Big Group, nameZh: 大集团, aliases: [BigCo], kind: BIG_TECH,
     founded: 1999, sources: [src-a]}
  - {id: big-cloud, name: Big Cloud, nameZh: 大云, kind: BUSINESS_UNIT, sources: [src-a]}
  - {id: big-lab, name: Big Lab, kind: LAB, sources: [src-a]}
  - {id: affiliate-co, name: Affiliate Co, kind: BIG_TECH, sources: [src-a]}
  - {id: rival, name: Rival, kind: BIG_TECH, sources: [src-a]}
  - {id: other-vc, name: Other VC, kind: INVESTOR, sources: [src-a]}
  - {id: startup-a, name: Startup A, kind: STARTUP, founded: 2020, sources: [src-a]}
  - {id: startup-b, name: Startup B, kind: STARTUP, founded: 2022, sources: [src-a]}
  - {id: startup-c, name: Startup C, kind: STARTUP, founded: 2022, sources: [src-a]}

people:
  - {id: alice, name: Alice, nameZh: 爱丽丝, aliases: [Ally Chen], sources: [src-a]}
  - {id: bob, name: Bob, sources: [src-a]}
  - {id: carol, name: Carol, sources: [src-a]}
  - {id: dave, name: Dave, sources: [src-a]}
  - {id: erin, name: Erin, sources: [src-a]}
  - {id: frank, name: Frank, sources: [src-a]}
  - {id: hank, name: Hank, sources: [src-a]}
  - {id: ivy, name: Ivy, sources: [src-a]}
  - {id: jack, name: Jack, sources: [src-a]}
  - {id: kate, name: Kate, sources: [src-a]}

rounds:
  - id: startup-a-2023
    name: Startup A seed
    company: startup-a
    announced: 2023-05
    investors:
      - {id: big-group, lead: true}
      - {id: other-vc}
    sources: [src-a]
  - id: startup-a-2024
    name: Startup A Series A
    company: startup-a
    announced: 2024-06
    investors:
      - {id: big-group}
      - {id: big-lab, sources: [src-b]}
      - {id: other-vc}
    sources: [src-a]
  - id: startup-b-2024
    name: Startup B seed
    company: startup-b
    announced: 2024-02
    investors:
      - {id: big-cloud}
      - {id: other-vc, lead: true}
      - {id: affiliate-co}
    sources: [src-a]
  - id: startup-c-2022
    name: Startup C seed
    company: startup-c
    announced: 2022-06
    investors:
      - {id: other-vc}
    sources: [src-a]

facts:
  - {rel: PART_OF, from: big-cloud, to: big-group, sources: [src-a]}
  - {rel: PART_OF, from: big-lab, to: big-group, sources: [src-a]}
  - {rel: AFFILIATE_OF, from: affiliate-co, to: big-group, sources: [src-a, src-b]}

  - {rel: WORKED_AT, from: alice, to: big-cloud, role: engineer, start: 2018, end: 2022-12,
     sources: [src-a, src-b]}
  - {rel: WORKED_AT, from: alice, to: startup-a, role: engineer, start: 2023-02, end: 2024-03,
     sources: [src-a]}
  - {rel: WORKED_AT, from: alice, to: startup-a, role: CTO, start: 2024-03, sources: [src-a]}
  - {rel: WORKED_AT, from: bob, to: big-group, start: 2015, end: 2019, sources: [src-a]}
  - {rel: WORKED_AT, from: bob, to: rival, start: 2019-06, end: 2021, sources: [src-a]}
  - {rel: WORKED_AT, from: bob, to: big-group, start: 2021-03, sources: [src-a]}
  - {rel: WORKED_AT, from: carol, to: big-lab, start: 2020, sources: [src-a]}
  - {rel: WORKED_AT, from: carol, to: startup-b, role: advisor, start: 2024-05, sources: [src-a]}
  - {rel: WORKED_AT, from: dave, to: big-group, start: 2019, end: 2024-06, sources: [src-a]}
  - {rel: WORKED_AT, from: dave, to: startup-b, start: 2023-01, sources: [src-a]}
  - {rel: WORKED_AT, from: erin, to: big-lab, start: 2019, end: 2024-07, sources: [src-a]}
  - {rel: WORKED_AT, from: erin, to: startup-b, start: 2024-08, sources: [src-b]}
  - {rel: WORKED_AT, from: frank, to: rival, start: 2017, end: 2020-05, sources: [src-a]}
  - {rel: WORKED_AT, from: frank, to: startup-a, start: 2020-09, sources: [src-a]}
  - {rel: WORKED_AT, from: hank, to: big-cloud, ended: true, sources: [src-a]}
  - {rel: WORKED_AT, from: hank, to: startup-c, start: 2023, sources: [src-a]}
  - {rel: WORKED_AT, from: ivy, to: affiliate-co, start: 2018, end: 2021, sources: [src-a]}
  - {rel: WORKED_AT, from: ivy, to: startup-a, start: 2021-06, sources: [src-a]}
  - {rel: WORKED_AT, from: jack, to: big-cloud, start: 2016, end: 2020-03, sources: [src-a]}
  - {rel: WORKED_AT, from: jack, to: big-lab, start: 2020-03, sources: [src-a]}
  - {rel: WORKED_AT, from: kate, to: big-lab, start: 2019, end: 2023-01, sources: [src-a]}
  - {rel: WORKED_AT, from: kate, to: startup-a, start: 2023-04, sources: [src-a]}
"""


graph = graph_fixture(GRAPH)


@pytest.fixture(scope="module")
def client(settings: Settings, graph: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c
