// A person's spells, paged forwards; Relay refetches the person by id through `node`.
import { graphql } from "relay-runtime";

export const personSpells = graphql`
  fragment personSpells_person on Person
  @refetchable(queryName: "PersonSpellsRefetchQuery")
  @argumentDefinitions(
    count: { type: "Int", defaultValue: 2 }
    cursor: { type: "String" }
    sort: { type: "EdgeSort", defaultValue: START_ASC }
  ) {
    name
    employments(first: $count, after: $cursor, sort: $sort)
      @connection(key: "personSpells_employments") {
      totalCount
      edges {
        node {
          role
          start
          employer {
            name
          }
        }
      }
    }
  }
`;

export const personQuery = graphql`
  query personQuery($id: ID!) {
    person(id: $id) {
      ...personSpells_person
    }
  }
`;
