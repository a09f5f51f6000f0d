// Store one entity's properties in full (as the seed loader would) and stamp the write.
// Only called when something changed, so a repeated mutation leaves writtenAt alone.
// $label comes from the seed model's allowlist (model/records.py SECTIONS), never from
// user text; $props holds every property, id included.
MATCH (n:Entity {id: $id})
SET n:$($label)
SET n = $props
SET n.writtenAt = datetime.transaction(), n.writtenBy = $by
RETURN n {.*, label: labels(n)} AS node
