"""The hand-made graph the navigation tests share (tests/test_navigation*.py).

It is written through the real seed loader, so it is stored exactly as the real
data is. Acme's WORKED_AT spells, oldest first:

    ann  2010..2015 engineer        eve  2020..       Research Engineer
    ben  2012..2020-05 scientist    fay  2021-06..2024-07 product manager
    cat  2016-03..     CTO          ann  2022..       advisor (she came back)
    dan  2018-07-01..2019 intern    gus  2024-07..    engineer
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from talentgraph.settings import Settings
from tests.graphql import SOURCES, serve_graph

GRAPH = (
    SOURCES
    + """
companies:
  - {id: acme, name: Acme, nameZh: 阿克米, aliases: [Acme Corp, ACME], kind: BIG_TECH,
     founded: 2009, hq: Hangzhou, sources: [src-a, src-b]}
  - {id: acme-cloud, name: Acme Cloud, kind: BUSINESS_UNIT, founded: 2010, sources: [src-a]}
  - {id: acme-lab, name: Acme Lab, kind: LAB, sources: [src-a]}
  - {id: acme-media, name: Acme Media, kind: MEDIA, sources: [src-a]}
  - {id: partner, name: Partner, kind: BIG_TECH, sources: [src-a]}
  - {id: newco, name: Newco, kind: STARTUP, founded: 2016, sources: [src-a]}

universities:
  - {id: uni, name: Test University, nameZh: 测试大学, city: Beijing, sources: [src-a]}

people:
  - {id: ann, name: Ann, nameZh: 安, aliases: [Annie], sources: [src-a]}
  - {id: ben, name: Ben, sources: [src-a]}
  - {id: cat, name: Cat, sources: [src-a]}
  - {id: dan, name: Dan, sources: [src-a]}
  - {id: eve, name: Eve, sources: [src-a]}
  - {id: fay, name: Fay, sources: [src-a]}
  - {id: gus, name: Gus, sources: [src-a]}

models:
  - {id: acme-lm, name: Acme LM, nameZh: 阿克米大模型, aliases: [ALM], released: 2021,
     sources: [src-a]}
  - {id: acme-lm-1, name: Acme LM 1, versionOf: acme-lm, released: 2021-05, parameters: 7B,
     sources: [src-a]}
  - {id: acme-lm-2, name: Acme LM 2, versionOf: acme-lm, released: 2023-11-02, sources: [src-b]}

products:
  - {id: acme-app, name: Acme App, launched: 2015, sources: [src-a]}

rounds:
  - id: newco-seed
    name: Newco seed
    company: newco
    series: seed
    announced: 2021-03
    amount: 10000000
    currency: USD
    investors:
      - {id: acme, lead: true}
      - {id: partner}
    sources: [src-a]
  - id: newco-a
    name: Newco Series A
    company: newco
    series: A
    announced: 2023-07
    investors:
      - {id: acme-cloud}
    sources: [src-b]

facts:
  - {rel: PART_OF, from: acme-cloud, to: acme, start: 2010, sources: [src-a]}
  - {rel: PART_OF, from: acme-lab, to: acme, sources: [src-a]}
  - {rel: AFFILIATE_OF, from: partner, to: acme, sources: [src-a]}
  - {rel: OWNS, from: acme, to: acme-app, start: 2015, sources: [src-a]}
  - {rel: OWNS, from: acme, to: acme-media, sources: [src-b]}
  - rel: HOLDS_STAKE
    from: acme
    to: newco
    share: "~20%"
    asOf: 2023-07
    sources: [src-a]
    confidence: 0.8
    disputes:
      - {field: share, value: "~25%", sources: [src-c], note: Another reading.}
  - {rel: DEVELOPED, from: acme-cloud, to: acme-lm, sources: [src-a]}
  - {rel: CONTRIBUTED_TO, from: cat, to: acme-lm, role: lead, sources: [src-a]}
  - {rel: CONTRIBUTED_TO, from: eve, to: acme-lm, role: core contributor, sources: [src-b]}
  - {rel: FOUNDED, from: ann, to: newco, role: founder, start: 2016, sources: [src-a]}
  - {rel: STUDIED_AT, from: ann, to: uni, degree: PhD, field: CS, start: 2005, end: 2009,
     sources: [src-a]}
  - {rel: STUDIED_AT, from: ben, to: uni, degree: BSc, end: 2008, sources: [src-a]}

  - {rel: WORKED_AT, from: ann, to: acme, role: engineer, start: 2010, end: 2015, sources: [src-a]}
  - {rel: WORKED_AT, from: ann, to: newco, role: founding engineer, start: 2016, end: 2021,
     sources: [src-a]}
  - {rel: WORKED_AT, from: ann, to: acme, role: advisor, start: 2022, sources: [src-a]}
  - rel: WORKED_AT
    from: ben
    to: acme
    role: research scientist
    start: 2012
    end: 2020-05
    sources: [src-a, src-b]
    confidence: 0.8
    note: The month he left is disputed.
    disputes:
      - {field: end, value: 2020-08, sources: [src-c]}
  - {rel: WORKED_AT, from: ben, to: uni, role: professor, start: 2020-09, sources: [src-a]}
  - {rel: WORKED_AT, from: cat, to: acme, role: CTO, start: 2016-03, sources: [src-a]}
  - {rel: WORKED_AT, from: dan, to: acme, role: intern, start: 2018-07-01, end: 2019,
     sources: [src-a]}
  - {rel: WORKED_AT, from: eve, to: acme, role: Research Engineer, start: 2020, sources: [src-a]}
  - {rel: WORKED_AT, from: fay, to: acme, role: product manager, start: 2021-06, end: 2024-07,
     sources: [src-a]}
  - {rel: WORKED_AT, from: gus, to: acme, role: engineer, start: 2024-07, sources: [src-a]}
"""
)

# Acme's spells by start, oldest first (the START_ASC order).
ACME_SPELLS = [
    "WORKED_AT:ann:acme:2010",
    "WORKED_AT:ben:acme:2012",
    "WORKED_AT:cat:acme:2016-03",
    "WORKED_AT:dan:acme:2018-07-01",
    "WORKED_AT:eve:acme:2020",
    "WORKED_AT:fay:acme:2021-06",
    "WORKED_AT:ann:acme:2022",
    "WORKED_AT:gus:acme:2024-07",
]
PEOPLE = ["ann", "ben", "cat", "dan", "eve", "fay", "gus"]


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, driver: neo4j.Driver
) -> Iterator[TestClient]:
    """The app over the navigation graph, loaded once for each test module that uses it."""
    yield from serve_graph(tmp_path_factory.mktemp("navigation"), GRAPH, settings, driver)


def node_ids(connection: dict[str, Any]) -> list[str]:
    return [node["id"] for node in connection["nodes"]]
