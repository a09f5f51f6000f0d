"""The graphs the differential tests run on: hand-made ones, and the real seed graph.

Hand-made graphs are written through the real seed loader (so they are stored
exactly as real data is: Entity and kind labels, partial dates as text plus
xMin/xMax, `sources`, `confidence`, `disputes` JSON, `ended`), then merges run
through the real `mergeEntities` mutation, which leaves the redirects.

The differential tests compare answers byte for byte, so every order a response
shows must be one the API defines, or the graph must not reach the undefined part.
The orders the API leaves open (see the report in tests/test_differential.py), and
how the graphs here stay clear of them:
- talentFlows sorts a flow's moves by the joined spell's start only: every WORKED_AT
  start below is a distinct day-range start (no two spells share `startMin`), apart
  from gus, whose two spells at Rival tie on purpose and are never a move (neither ended);
- portfolio sorts a company's investments by announcement only, and
  portfolioAlumniHires sorts hires by (joined start, name): no round has two
  investors from one company family, rounds a family backs have distinct dates, and
  nobody leaves one family twice before joining a startup;
- coInvestors sorts shared rounds by announcement only: shared rounds have distinct
  dates (the one undated round has a single investor);
- search sorts by (score, name): the two people named Wang Wei differ in aliases, so
  never score alike;
- connections returns the first shortest paths in whatever order Neo4j finds them:
  left as it is (reported), since any graph with two equally short paths reaches it.

Ties the API does define are here on purpose: two people with one name (lists sort
by name, then id), and two spells of one person at one company that start on the
same day (edges sort by date, then the other end's name, then the fact id).
"""

from __future__ import annotations

import asyncio
import textwrap
from dataclasses import dataclass
from pathlib import Path

from model.validation import RecordGraph
from seeds import loader
from seeds.files import validate_files

# A company family (group, unit, a lab inside the unit), an affiliate, a rival, investors,
# three startups and the spells that link them; plus entities with no relationships.
EDGE_CASES = """
sources:
  - {id: src-full, title: Full Source, publisher: Daily Tech, url: "https://example.com/a",
     published: 2024-07-18, language: en, reliability: high}
  - {id: src-min, title: Minimal Source, publisher: Anonymous}
  - {id: src-zh, title: 中文来源, publisher: 新闻社, language: zh, published: 2023-05,
     reliability: low}

companies:
  - {id: orbit-group, name: Orbit Group, nameZh: 轨道集团, aliases: [Orbit, 轨道], kind: BIG_TECH,
     founded: 1999, hq: Hangzhou, listed: NYSE 2014, sources: [src-full, src-zh]}
  - {id: orbit-cloud, name: Orbit Cloud, nameZh: 轨道云, kind: BUSINESS_UNIT, founded: 2009-09,
     sources: [src-full]}
  - {id: orbit-lab, name: Orbit Lab, kind: LAB, sources: [src-min]}
  - {id: orbit-media, name: Orbit Media, kind: MEDIA, sources: [src-full]}
  - {id: ally, name: Ally Holdings, kind: BIG_TECH, sources: [src-full]}
  - {id: rival, name: Rival Tech, kind: BIG_TECH, founded: 2005-05-05, sources: [src-full]}
  - {id: summit, name: Summit Capital, kind: INVESTOR, sources: [src-full]}
  - {id: city-fund, name: City Fund, kind: STATE_FUND, sources: [src-zh]}
  - {id: alpha, name: Startup Alpha, kind: STARTUP, founded: 2019-04, sources: [src-full]}
  - {id: beta, name: Startup Beta, nameZh: 贝塔, kind: STARTUP, founded: 2021, sources: [src-full]}
  - {id: gamma, name: Startup Gamma, kind: STARTUP, sources: [src-min],
     note: No source dates its founding.}
  - {id: quiet-co, name: Quiet Co, kind: OTHER, sources: [src-min]}

universities:
  - {id: east-uni, name: East University, nameZh: 东方大学, city: Shanghai, sources: [src-full]}
  - {id: west-uni, name: West Institute, sources: [src-min]}

people:
  - {id: li-ming, name: Li Ming, nameZh: 李明, aliases: [Ming Li], born: 1980-02,
     bornPlace: Wuhan, sources: [src-full]}
  - {id: li-ming-2, name: Ming Li (duplicate record), sources: [src-min]}
  - {id: ann, name: Ann Lee, sources: [src-full]}
  - {id: bob, name: Bob Chen, sources: [src-full, src-min], confidence: 0.9}
  - {id: cat, name: Cat Wu, sources: [src-full]}
  - {id: dan, name: Dan Xu, sources: [src-full]}
  - {id: eve, name: Eve Zhao, description: Researcher who moved twice., sources: [src-full]}
  - {id: fay, name: Fay Sun, sources: [src-full]}
  - {id: gus, name: Gus Ma, sources: [src-full]}
  - {id: hal, name: Hal He, sources: [src-min]}
  - {id: ivy, name: Ivy Qian, sources: [src-full]}
  - {id: jon, name: Jon Gao, sources: [src-full]}
  - {id: kim, name: Kim Lin, sources: [src-full]}
  - {id: wang-wei, name: Wang Wei, aliases: [Wang Wei of Orbit], sources: [src-full]}
  - {id: wang-wei-2, name: Wang Wei, sources: [src-zh]}
  - {id: zhang-san, name: 张三, sources: [src-zh]}
  - {id: hermit, name: Hermit Hu, sources: [src-min],
     disputes: [{field: name, value: Hermit Hoo, sources: [src-zh]}]}

models:
  - {id: orbit-lm, name: Orbit LM, nameZh: 轨道大模型, aliases: [OLM], released: 2021,
     openSourced: 2023-08, parameters: 70B, modality: text, sources: [src-full]}
  - {id: orbit-lm-1, name: Orbit LM 1, versionOf: orbit-lm, released: 2022, sources: [src-full]}
  - {id: orbit-lm-2, name: Orbit LM 2, versionOf: orbit-lm, released: 2024-05-20,
     parameters: 110B, sources: [src-zh]}
  - {id: quiet-model, name: Quiet Model, sources: [src-min]}

products:
  - {id: orbit-app, name: Orbit App, launched: 2015, sources: [src-full]}
  - {id: quiet-app, name: Quiet App, sources: [src-min]}

rounds:
  - id: alpha-seed
    name: Alpha seed
    company: alpha
    series: Seed
    announced: 2019-06
    amount: 5000000
    currency: USD
    investors:
      - {id: orbit-group, lead: true}
      - {id: summit}
    sources: [src-full]
  - id: alpha-a
    name: Alpha Series A
    company: alpha
    series: A
    announced: 2021-09-15
    amountText: over US$300 million
    investors:
      - {id: orbit-cloud, lead: true, sources: [src-zh]}
      - {id: summit, note: Through its second fund.}
      - {id: city-fund}
    sources: [src-full, src-zh]
    confidence: 0.8
    disputes:
      - {field: announced, value: 2021-10, sources: [src-zh], note: The day the press reported it.}
  - id: beta-angel
    name: Beta angel
    company: beta
    announced: 2022
    amount: 20000000
    currency: CNY
    valuation: 200000000
    valuationCurrency: CNY
    investors:
      - {id: orbit-lab}
      - {id: summit, lead: true}
    sources: [src-zh]
  - id: beta-b
    name: Beta Series B
    company: beta
    series: B
    announced: 2024-02
    investors:
      - {id: orbit-group}
      - {id: ally}
    sources: [src-full]
  - id: gamma-seed
    name: Gamma seed
    company: gamma
    note: No source dates it.
    investors:
      - {id: ally}
    sources: [src-min]

facts:
  - {rel: PART_OF, from: orbit-cloud, to: orbit-group, start: 2009, sources: [src-full]}
  - {rel: PART_OF, from: orbit-lab, to: orbit-cloud, sources: [src-min]}
  - {rel: AFFILIATE_OF, from: ally, to: orbit-group, sources: [src-full, src-zh]}
  - {rel: OWNS, from: orbit-group, to: orbit-app, start: 2015, sources: [src-full]}
  - {rel: OWNS, from: orbit-group, to: orbit-media, start: 2018-03, sources: [src-full]}
  - rel: HOLDS_STAKE
    from: orbit-group
    to: beta
    share: "~10%"
    asOf: 2024-02
    sources: [src-full]
    confidence: 0.8
    disputes:
      - {field: share, value: "~12%", sources: [src-zh], note: A later report.}
  - {rel: DEVELOPED, from: orbit-cloud, to: orbit-lm, sources: [src-full]}
  - {rel: DEVELOPED, from: orbit-lab, to: orbit-lm-2, sources: [src-zh]}
  - {rel: CONTRIBUTED_TO, from: li-ming, to: orbit-lm, role: lead, sources: [src-full]}
  - {rel: CONTRIBUTED_TO, from: eve, to: orbit-lm, role: core contributor, sources: [src-min]}
  - {rel: CONTRIBUTED_TO, from: li-ming-2, to: orbit-lm-2, role: fine-tuning, sources: [src-zh]}
  - {rel: FOUNDED, from: li-ming, to: alpha, role: co-founder, start: 2019-04, sources: [src-full]}
  - {rel: FOUNDED, from: dan, to: alpha, sources: [src-min]}
  - {rel: FOUNDED, from: zhang-san, to: beta, role: 创始人, start: 2021, sources: [src-zh]}
  - {rel: STUDIED_AT, from: li-ming, to: east-uni, degree: PhD, field: Computer Science,
     start: 2005, end: 2009, sources: [src-full]}
  - {rel: STUDIED_AT, from: ann, to: east-uni, degree: BSc, start: 2004-09, end: 2008-06,
     sources: [src-full]}
  - {rel: STUDIED_AT, from: jon, to: east-uni, degree: PhD, end: 2009, sources: [src-min]}
  - {rel: STUDIED_AT, from: zhang-san, to: east-uni, sources: [src-zh]}

  # WORKED_AT: every start a distinct day range (see the module docstring), except gus.
  - {rel: WORKED_AT, from: li-ming, to: orbit-cloud, role: senior engineer, team: Search,
     level: P8, start: 2010-03, end: 2019-02, sources: [src-full]}
  - {rel: WORKED_AT, from: li-ming, to: alpha, role: CTO, start: 2019-05, sources: [src-full]}
  - {rel: WORKED_AT, from: ann, to: orbit-cloud, role: research intern, start: 2012-04, end: 2018,
     sources: [src-full]}
  - {rel: WORKED_AT, from: ann, to: beta, role: research scientist, start: 2018-09,
     sources: [src-full]}
  - rel: WORKED_AT
    from: bob
    to: orbit-lab
    role: researcher
    start: 2014-02
    end: 2020-05-17
    sources: [src-full, src-min]
    confidence: 0.7
    note: The day he left is disputed.
    disputes:
      - {field: end, value: 2020-06, sources: [src-min]}
  - {rel: WORKED_AT, from: bob, to: rival, role: manager, start: 2020-06, end: 2022-08,
     sources: [src-full]}
  - {rel: WORKED_AT, from: bob, to: orbit-group, role: advisor, start: 2022-11, sources: [src-full]}
  - {rel: WORKED_AT, from: cat, to: orbit-group, role: analyst, start: 2011-08, ended: true,
     sources: [src-full]}
  - {rel: WORKED_AT, from: cat, to: gamma, role: founder, start: 2021-02, sources: [src-min]}
  - {rel: WORKED_AT, from: dan, to: rival, role: manager, start: 2013-05, end: 2016-10,
     sources: [src-full]}
  - {rel: WORKED_AT, from: dan, to: orbit-cloud, role: director, start: 2016-12, end: 2021-03,
     sources: [src-full]}
  - {rel: WORKED_AT, from: dan, to: alpha, role: COO, start: 2021-06, sources: [src-full]}
  - {rel: WORKED_AT, from: eve, to: orbit-lab, role: engineer, start: 2017-09, end: 2023-01,
     sources: [src-full]}
  - {rel: WORKED_AT, from: eve, to: beta, role: engineer, start: 2023-04, end: 2024-07-18,
     sources: [src-full]}
  - {rel: WORKED_AT, from: eve, to: alpha, role: head of research, start: 2024-08,
     sources: [src-full]}
  - {rel: WORKED_AT, from: fay, to: east-uni, role: lecturer, start: 2008-09, end: 2012-07,
     sources: [src-full]}
  - {rel: WORKED_AT, from: fay, to: orbit-group, role: scientist, start: 2012-09, end: 2014-03,
     sources: [src-full]}
  - {rel: WORKED_AT, from: fay, to: orbit-group, role: principal scientist, start: 2016-08,
     sources: [src-full]}
  - {rel: WORKED_AT, from: gus, to: rival, role: engineer, start: 2020, sources: [src-full]}
  - {rel: WORKED_AT, from: gus, to: rival, role: team lead, start: 2020-01, sources: [src-min]}
  - {rel: WORKED_AT, from: hal, to: gamma, sources: [src-min]}
  - {rel: WORKED_AT, from: ivy, to: summit, role: partner, start: 2015-01-15, end: 2019-11,
     sources: [src-full]}
  - {rel: WORKED_AT, from: ivy, to: gamma, role: CEO, start: 2020-02-02, sources: [src-full]}
  - {rel: WORKED_AT, from: jon, to: east-uni, role: professor, start: 2010-01-10,
     sources: [src-full]}
  - {rel: WORKED_AT, from: kim, to: ally, role: engineer, start: 2016-06, end: 2019-12,
     sources: [src-full]}
  - {rel: WORKED_AT, from: kim, to: gamma, role: engineer, start: 2020-03, sources: [src-full]}
  - {rel: WORKED_AT, from: wang-wei, to: orbit-group, role: engineer, start: 2016-02,
     sources: [src-full]}
  - {rel: WORKED_AT, from: wang-wei-2, to: orbit-cloud, role: Engineer, start: 2019-09,
     end: 2024-03, sources: [src-zh]}
  - {rel: WORKED_AT, from: wang-wei-2, to: rival, role: engineer, start: 2024-05, sources: [src-zh]}
  - {rel: WORKED_AT, from: zhang-san, to: beta, role: 工程师, start: 2022-03, sources: [src-zh]}
"""

# Almost nothing: one source, one company, one person, no relationships at all.
BARE = """
sources:
  - {id: only-source, title: The only source, publisher: Nobody}
companies:
  - {id: only-co, name: Only Co, kind: STARTUP, sources: [only-source]}
people:
  - {id: only-person, name: Only Person, nameZh: 独人, sources: [only-source]}
"""


@dataclass(frozen=True)
class Graph:
    name: str
    yaml: str | None  # None: the real seed graph
    merges: tuple[tuple[str, str], ...] = ()  # (keep, remove), run after loading
    synthetic: tuple[str, ...] = ()  # ids marked as generated data, as the synthetic loader does
    share: float = 0.0  # of the generated queries

    def files(self, directory: Path) -> list[Path]:
        if self.yaml is None:
            return loader.default_files()
        path = directory / f"{self.name}.yaml"
        path.write_text(textwrap.dedent(self.yaml), encoding="utf-8")
        return [path]

    def model(self, directory: Path) -> RecordGraph:
        graph, problems = validate_files(self.files(directory))
        assert not problems, problems
        return graph


GRAPHS = (
    Graph(
        "edge-cases",
        EDGE_CASES,
        merges=(("li-ming", "li-ming-2"),),
        synthetic=("quiet-co",),
        share=0.5,
    ),
    Graph("bare", BARE, share=0.1),
    Graph("seed", None, share=0.4),
)


def load(files: list[Path], settings: object) -> None:
    asyncio.run(loader.load_files(settings, files, reset=True))  # type: ignore[arg-type]
