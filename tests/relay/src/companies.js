// The last companies by name, paged backwards from the end of the list.
import { graphql } from "relay-runtime";

export const companiesList = graphql`
  fragment companiesList_query on Query
  @refetchable(queryName: "CompaniesListRefetchQuery")
  @argumentDefinitions(last: { type: "Int", defaultValue: 3 }, before: { type: "String" }) {
    companies(last: $last, before: $before) @connection(key: "companiesList_companies") {
      edges {
        node {
          name
        }
      }
    }
  }
`;
