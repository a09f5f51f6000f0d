// What the career view draws, read from the schema rather than restated: the Person
// fields that list facts (employments, education...), each fact type's own fields and
// ends (from the relationship fields' specs), and the dated fields of every entity type. The app answers vocabulary.graphql's
// introspection at vocabulary.json, so this works where clients may not introspect.
import { vocabulary } from "../api.js";

const named = (t) => t.ofType ?? t; // through one NON_NULL
let cached;

export async function spellKinds() {
  if (cached) return cached;
  const { person, facts, entities, relations } = await vocabulary();
  // A fact's two ends, as the relationship fields that page it name them.
  const endsOf = new Map(relations.map((r) => [r.fact, [r.from, r.to]]));
  const factTypes = new Map(
    facts.possibleTypes.map((t) => {
      const ends = t.fields.filter((f) => endsOf.get(t.name)?.includes(f.name));
      const scalars = t.fields.filter((f) => ["SCALAR", "ENUM"].includes(named(f.type).kind));
      const dates = scalars.filter((f) => named(f.type).name === "PartialDate").map((f) => f.name);
      return [t.name, { ends: ends.map((f) => ({ name: f.name, type: named(f.type).name })), scalars: scalars.map((f) => f.name), dates }];
    }),
  );
  const entityDates = new Map(
    entities.possibleTypes.map((t) => [t.name, t.fields.filter((f) => named(f.type).name === "PartialDate").map((f) => f.name)]),
  );
  const kinds = person.fields
    .map((f) => ({ field: f.name, asOf: f.args.some((a) => a.name === "asOf"), type: f.type.ofType?.name?.replace(/Connection$/, "") }))
    .filter((k) => factTypes.has(k.type))
    .map((k) => ({ ...k, ...factTypes.get(k.type) }));
  cached = { kinds, entityDates };
  return cached;
}
