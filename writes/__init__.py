"""Writes: entities and facts upserted by id, and merges. One transaction per mutation.

Plain Python between the GraphQL layer and the graph: the entry points
(writes/service.py) take the request context and a patch (a dict), and answer
property maps. A write goes like this (docs/writing.md tells it to users,
docs/architecture.md to developers):

1. The input is a patch (writes/patch.py): fields left out keep what the graph
   holds, `null` clears, a value replaces; `sources` are added to those
   recorded. Before the database is touched, the patch must cite a source and
   each field it sets must pass the domain's rules (writes/validation.py), so
   malformed input never starts a transaction.
2. One write transaction, the unit of work (writes/unit.py; tried once more if
   a racing MERGE trips a uniqueness constraint): upsert the inline sources;
   resolve and lock every entity the input names (an id retired by a merge
   resolves to the entity kept; unknown: NOT_FOUND; wrong kind:
   BAD_USER_INPUT); lock and read the record written (`write_claim` takes a
   new id); apply the patch; validate the whole record with the seed model's
   pydantic rules and graph checks, so the loader and the API accept exactly
   the same data (writes/records.py).
3. Turn the record into rows with the loader's own `to_rows` (writes/rows.py),
   and write only the rows whose properties would change (writes/stored.py
   compares). Those get `writtenAt` (the transaction's time) and `writtenBy`
   (the API key's name); the same mutation twice changes nothing the second
   time, `writtenAt` included.

What each kind of entity and fact needs is a row of writes/specs.py, built
from the registry in model/kinds.py; merges follow writes/merge_policy.py.
Any error raised inside the transaction rolls it back: a refused write
writes nothing.
"""
