"""The named traversals: one statement each, whatever is selected below them."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from compiler.arguments import check_first
from resolvers import convert, nodes
from schema.scalars import JSON
from schema.traversals import (
    AlumniHire,
    CoInvestor,
    Departure,
    FlowPeriod,
    Granularity,
    Hop,
    Move,
    Path,
    PortfolioCompany,
    PortfolioHire,
    TalentFlow,
)
from schema.types import Employment, Investment
from talentgraph.context import Context
from talentgraph.dates import PartialDate
from talentgraph.errors import BadInput


async def portfolio_alumni_hires(
    info: Info[Context, None], investor: str, alumni_of: str | None
) -> list[PortfolioHire]:
    (row,) = await info.context.graph.read(
        "portfolio_alumni_hires", investor=investor, alumniOf=alumni_of
    )
    await _found(info, row["investorFound"], investor, "investor")
    await _found(info, row["alumniOfFound"], alumni_of or investor, "alumniOf")
    results = []
    for item in row["results"]:
        company = convert.entity(item["company"])
        hires = []
        for hire in item["hires"]:
            person = convert.entity(hire["person"])
            hires.append(
                AlumniHire(
                    person=person,
                    left=_employment(hire["left"], person, convert.entity(hire["leftAt"])),
                    joined=_employment(hire["joined"], person, company),
                )
            )
        results.append(
            PortfolioHire(
                company=company,
                investments=_investments(item["investments"]),
                hires=hires,
            )
        )
    return results


async def talent_flows(
    info: Info[Context, None],
    from_: str | None,
    to: str | None,
    since: PartialDate | None,
    until: PartialDate | None,
    first: int,
    granularity: Granularity,
) -> list[TalentFlow]:
    (row,) = await info.context.graph.read(
        "talent_flows",
        **{"from": from_, "to": to},
        first=check_first(first, info.context.settings.max_page_size),
        sinceMin=since.earliest if since else None,
        untilMax=until.latest if until else None,
        quarterly=granularity is Granularity.QUARTER,
    )
    await _found(info, row["fromFound"], from_, "from")
    await _found(info, row["toFound"], to, "to")
    flows = []
    for flow in row["flows"]:
        moves = []
        for move in flow["moves"]:
            person = convert.entity(move["person"])
            moves.append(
                Move(
                    person=person,
                    left=_employment(move["left"], person, convert.entity(move["leftAt"])),
                    joined=_employment(move["joined"], person, convert.entity(move["joinedAt"])),
                    period=move["period"],
                )
            )
        flows.append(
            TalentFlow(
                from_=convert.entity(flow["from"]),
                to=convert.entity(flow["to"]),
                count=len(moves),
                moves=moves,
                periods=[FlowPeriod(period=b["period"], count=b["count"]) for b in flow["periods"]],
            )
        )
    return flows


async def departures(
    info: Info[Context, None], company: str, since: PartialDate | None, until: PartialDate | None
) -> list[Departure]:
    (row,) = await info.context.graph.read(
        "departures",
        company=company,
        sinceMin=since.earliest if since else None,
        untilMax=until.latest if until else None,
    )
    await _found(info, row["found"], company, "company")
    result = []
    for item in row["departures"]:
        person = convert.entity(item["person"])
        result.append(
            Departure(
                person=person,
                left=_employment(item["left"], person, convert.entity(item["leftAt"])),
                next=[_employment(n["rel"], person, convert.entity(n["at"])) for n in item["next"]],
            )
        )
    return result


async def co_investors(info: Info[Context, None], company: str) -> list[CoInvestor]:
    (row,) = await info.context.graph.read("co_investors", company=company)
    await _found(info, row["found"], company, "company")
    return [
        CoInvestor(
            investor=convert.entity(c["investor"]),
            count=len(c["rounds"]),
            rounds=[convert.entity(r) for r in c["rounds"]],
        )
        for c in row["coInvestors"]
    ]


async def portfolio(info: Info[Context, None], investor: str) -> list[PortfolioCompany]:
    (row,) = await info.context.graph.read("portfolio", investor=investor)
    await _found(info, row["found"], investor, "investor")
    return [
        PortfolioCompany(
            company=convert.entity(p["company"]),
            investments=_investments(p["investments"]),
        )
        for p in row["portfolio"]
    ]


async def connections(
    info: Info[Context, None], from_: str, to: str, max_hops: int, first: int
) -> list[Path]:
    cap = info.context.settings.max_hops
    if not 1 <= max_hops <= cap:
        raise BadInput(f"`maxHops` must be between 1 and {cap}, got {max_hops}", field="maxHops")
    if from_ == to:
        raise BadInput("`from` and `to` are the same entity", field="to")
    (row,) = await info.context.graph.read(
        "connections",
        **{"from": from_, "to": to},
        maxHops=max_hops,
        first=check_first(first, info.context.settings.max_page_size),
    )
    await _found(info, row["fromFound"], from_, "from", None)
    await _found(info, row["toFound"], to, "to", None)
    paths = []
    for path in row["paths"]:
        nodes = {n["id"]: convert.entity(n) for n in path["nodes"]}
        order = [n["id"] for n in path["nodes"]]
        hops = [
            Hop(
                from_=nodes[order[i]],
                to=nodes[order[i + 1]],
                type=rel["type"],
                forward=rel["from"] == order[i],
                properties=JSON(convert.plain(rel["props"])),
                evidence=convert.evidence(rel["props"]),
            )
            for i, rel in enumerate(path["rels"])
        ]
        paths.append(Path(length=len(hops), hops=hops))
    return paths


async def _found(
    info: Info[Context, None], found: bool, id: str | None, field: str, kind: str | None = "Company"
) -> None:
    if not found:
        # Only on the error path: one more lookup to say what the id is instead.
        await nodes.entity(info, id or "", kind, field=field)


def _employment(props: dict[str, Any], person: Any, employer: Any) -> Employment:
    return convert.build(Employment, props, person=person, employer=employer)


def _investments(rows: list[dict[str, Any]]) -> list[Investment]:
    return [
        convert.build(
            Investment,
            i["rel"],
            investor=convert.entity(i["investor"]),
            round=convert.entity(i["round"]),
        )
        for i in rows
    ]
