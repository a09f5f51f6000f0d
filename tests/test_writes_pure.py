"""The write path's pure parts, without Neo4j: patching, stored-vs-desired, merge policy."""

from __future__ import annotations

import pytest

from model.graph import RelType
from model.kinds import FACT_KINDS, WritableEntity, WritableFact
from talentgraph.errors import BadInput
from writes import merge_policy, patch, stored
from writes.specs import ENTITIES, FACTS, entity_spec, fact_spec
from writes.stored import Node
from writes.validation import RECORDS

pytestmark = pytest.mark.unit

ROUND = ENTITIES["FundingRound"]
MODEL = ENTITIES["AIModel"]


def node(id: str, kind: str | None = "Person", **props: object) -> Node:
    return Node(id=id, kind=kind, props=dict(props), linked={"families": [], "raisers": []})


# --- Patching -----------------------------------------------------------------------------


def test_a_patch_replaces_clears_and_adds_sources() -> None:
    record = {"id": "a", "name": "A", "hq": "Beijing", "sources": ["s1", "s2"]}
    applied = patch.apply(record, {"name": "B", "hq": None, "sources": ["s2", "s3"]})
    assert applied == {"id": "a", "name": "B", "sources": ["s1", "s2", "s3"]}
    assert record["name"] == "A"  # the stored record is left as it was


def test_a_patch_without_sources_keeps_the_recorded_ones() -> None:
    assert patch.apply({"sources": ["s1"]}, {"note": "n"}) == {"sources": ["s1"], "note": "n"}


def test_union_keeps_order_and_drops_repeats() -> None:
    assert patch.union(["b", "a"], ["a", "c", "b", "c"]) == ["b", "a", "c"]


def test_inline_sources_are_cited_on_a_copy() -> None:
    given = {"sources": ["s1"]}
    assert patch.cite(given, ["s2"]) == {"sources": ["s1", "s2"]}
    assert given == {"sources": ["s1"]}


def test_a_write_without_any_source_is_refused() -> None:
    with pytest.raises(BadInput) as refused:
        patch.require_sources({"sources": []}, [])
    assert refused.value.field == "input.sources"
    patch.require_sources({}, [{"id": "s9"}])  # an inline source is enough


def test_a_fact_patch_names_its_ends_as_the_seed_model_does() -> None:
    given = {"person": "p", "employer": "c", "role": "engineer"}
    assert patch.fact_patch(FACTS["employment"], given) == {
        "rel": "WORKED_AT", "from": "p", "to": "c", "role": "engineer"
    }  # fmt: skip


def test_an_ending_without_a_date_marks_the_spell_ended() -> None:
    assert patch.ending({"person": "p", "end": None}) == {"person": "p", "ended": True}
    assert patch.ending({"person": "p", "end": "2024-07"}) == {"person": "p", "end": "2024-07"}


def test_investors_are_named_by_id() -> None:
    given = {"id": "r", "investors": [{"investor": "c", "lead": True}]}
    assert patch.investors(given)["investors"] == [{"id": "c", "lead": True}]
    assert patch.investors({"id": "r"})["investors"] == []


def test_a_link_is_set_once() -> None:
    link = MODEL.link
    assert link is not None
    record = {"id": "qwen2"}
    patch.fixed(record, link, ["qwen"], "input")
    assert record["versionOf"] == "qwen"
    with pytest.raises(BadInput) as refused:
        patch.fixed({"versionOf": "other"}, link, ["qwen"], "input")
    assert refused.value.field == "input.versionOf"
    unset = {"versionOf": "other"}
    patch.fixed(unset, link, [], "input")  # nothing stored yet: the patch decides
    assert unset == {"versionOf": "other"}


def test_every_id_a_round_names_is_a_ref_of_the_right_kind() -> None:
    given = {
        "sources": ["s1"],
        "disputes": [{"field": "amount", "sources": ["s2"]}],
        "company": "moonshot-ai",
        "investors": [{"id": "alibaba-group", "sources": ["s3"]}],
    }
    refs = {(r.path, r.id, r.kinds) for r in patch.entity_refs(given, ROUND.link, "input")}
    assert refs == {
        ("input.sources[0]", "s1", ("Source",)),
        ("input.disputes[0].sources[0]", "s2", ("Source",)),
        ("input.company", "moonshot-ai", ("Company",)),
        ("input.investors[0].investor", "alibaba-group", ("Company",)),
        ("input.investors[0].sources[0]", "s3", ("Source",)),
    }


def test_resolved_ids_replace_the_ids_given() -> None:
    known = {"old": node("new", "Company"), "s1": node("s1", "Source")}
    given = {"sources": ["s1", "s1"], "company": "old", "investors": [{"id": "old"}]}
    assert patch.resolved(given, known, ROUND.link) == {
        "sources": ["s1"], "company": "new", "investors": [{"id": "new"}]
    }  # fmt: skip


def test_the_kinds_a_stored_record_cites() -> None:
    record = {"sources": ["s1"], "disputes": [{"sources": ["s2"]}], "versionOf": "qwen"}
    assert patch.recorded(record, MODEL.link) == {"s1": "Source", "s2": "Source", "qwen": "AIModel"}
    assert "qwen" not in patch.recorded(record, None)


# --- Stored against desired ---------------------------------------------------------------


def test_desired_keeps_properties_the_record_does_not_own() -> None:
    current = {"id": "a", "name": "Old", "synthetic": True, "writtenAt": 1, "_lock": True}
    owned = stored.owned(RECORDS["Person"])
    assert "bornMin" in owned
    assert "aliasText" in owned
    wanted = stored.desired({"name": "New", "born": None}, "a", current, owned)
    assert wanted == {"name": "New", "id": "a", "synthetic": True}


def test_same_ignores_the_stamps_only() -> None:
    assert stored.same({"id": "a", "writtenBy": "x"}, {"id": "a", "writtenBy": "y"})
    assert not stored.same({"id": "a"}, {"id": "a", "note": "n"})


def test_a_stored_fact_says_ended_only_when_no_end_date_does() -> None:
    undated = stored.stored_fact(RelType.WORKED_AT, "p", "c", {"ended": True, "id": "x"})
    assert undated == {"ended": True, "rel": "WORKED_AT", "from": "p", "to": "c"}
    dated = stored.stored_fact(RelType.WORKED_AT, "p", "c", {"ended": True, "end": "2024"})
    assert "ended" not in dated


def test_a_stored_entity_carries_its_link_and_parsed_disputes() -> None:
    release = Node("qwen2", "AIModel", {"name": "Qwen2", "disputes": '[{"field": "x"}]',
                                        "synthetic": True}, {"families": ["qwen"], "raisers": []})  # fmt: skip
    record = stored.stored_entity(MODEL, release)
    assert record == {"name": "Qwen2", "disputes": [{"field": "x"}], "versionOf": "qwen"}
    assert stored.stored_entity(MODEL, node("new", None)) == {}


def test_unknown_kinds_are_errors_not_asserts() -> None:
    with pytest.raises(ValueError, match="not an entity kind"):
        entity_spec("Robot")
    with pytest.raises(ValueError, match="not a fact kind"):
        fact_spec("friendship")


# --- Merge policy -------------------------------------------------------------------------


def test_a_merge_keeps_the_kept_values_and_disputes_the_others() -> None:
    kept = {"id": "a", "name": "A", "hq": "Beijing", "sources": ["s1"], "note": "x"}
    gone = {"id": "b", "name": "B", "hq": "Hangzhou", "founded": "2019", "sources": ["s2"],
            "note": "y", "aliases": ["Bee"]}  # fmt: skip
    out = merge_policy.combine(kept, gone, frozenset({"hq", "founded"}), "merged from 'b'")
    assert out == {
        "id": "a",
        "name": "A",
        "hq": "Beijing",
        "founded": "2019",
        "sources": ["s1", "s2"],
        "note": "x\ny",
        "disputes": [
            {"field": "hq", "value": "Hangzhou", "sources": ["s2"], "note": "merged from 'b'"}
        ],
    }


def test_a_merge_twice_adds_no_second_dispute() -> None:
    kept = {"hq": "Beijing", "sources": ["s1"]}
    gone = {"hq": "Hangzhou", "sources": ["s2"]}
    once = merge_policy.combine(kept, gone, frozenset({"hq"}), "o")
    assert merge_policy.combine(once, gone, frozenset({"hq"}), "o")["disputes"] == once["disputes"]


def test_disputed_values_as_text() -> None:
    assert [merge_policy.text(v) for v in (True, 3.0, 2.5, ["a", "b"])] == [
        "true", "3", "2.5", "a, b"
    ]  # fmt: skip


def test_names_and_provenance_are_never_disputed() -> None:
    fields = merge_policy.disputable(RECORDS["Company"])
    assert "hq" in fields
    assert not {"name", "aliases", "sources"} & fields
    assert merge_policy.disputable(RECORDS["Source"]) == frozenset()


def test_the_other_names_become_aliases() -> None:
    kept = node("a", aliases=["A Inc"])
    gone = node("b", name="Bee", nameZh="蜜蜂", aliases=["A", "B2"])
    assert merge_policy.merged_aliases({"name": "A"}, kept, gone) == ["A Inc", "Bee", "蜜蜂", "B2"]


def test_moved_relationships_are_re_ended_and_self_loops_dropped() -> None:
    taken = [
        {"type": "WORKED_AT", "other": "c", "outgoing": True,
         "props": {"id": "WORKED_AT:b:c:2019"}},
        {"type": "FOUNDED", "other": "p", "outgoing": False, "props": {"id": "FOUNDED:p:b"}},
        {"type": "PART_OF", "other": "a", "outgoing": True, "props": {"id": "PART_OF:b:a"}},
    ]  # fmt: skip
    rows, dropped = merge_policy.moved(taken, "a", "b")
    assert [(r["id"], r["from"], r["to"]) for r in rows] == [
        ("WORKED_AT:a:c:2019", "a", "c"),
        ("FOUNDED:p:a", "p", "a"),
    ]
    assert dropped == 1


def test_a_moved_investment_is_lead_if_either_says_so() -> None:
    out = merge_policy.combine_edge(
        {"lead": False, "sources": ["s1"], "writtenAt": 1}, {"lead": True, "sources": ["s2"]}, "o"
    )
    assert out == {"lead": True, "sources": ["s1", "s2"]}


def test_the_registry_refuses_a_kind_the_graph_does_not_have() -> None:
    assert [kind.stem for kind in FACT_KINDS][:2] == ["Employment", "Founding"]
    with pytest.raises(ValueError, match="not a fact kind"):
        WritableFact("friendship", "KNOWS", ("a", "b"), "Record a friendship.")
    with pytest.raises(ValueError, match="not an entity kind"):
        WritableEntity("Robot`) DETACH DELETE n //", "Robot", "robot", "Create a robot.")
