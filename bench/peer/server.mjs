// The benchmark's peer: @neo4j/graphql behind Apollo Server, over the same Neo4j and
// data as talentgraph, with type definitions equivalent to talentgraph's for the bench
// cases (docs/benchmarks.md says what is equivalent and what is not).
//
//   NEO4J_URI=bolt://... NEO4J_USER=neo4j NEO4J_PASSWORD=... node server.mjs PORT
//
// It listens on 127.0.0.1 only. The named traversals are @cypher fields that run
// talentgraph's own cypher/*.cypher file and reshape its one row into the items the
// field returns, as talentgraph's resolvers do in Python; so both sides ask Neo4j the
// same question. `_benchStatements` answers how many Cypher statements the peer has
// sent, so the benchmark counts them per request as it does talentgraph's.

import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { GraphQLScalarType } from "graphql";
import neo4j from "neo4j-driver";

const CYPHER = new URL("../../cypher/", import.meta.url);

// The cypher/ file returns one row whose `column` is the list; `item` shapes each element.
// `order`: talentgraph's connections (departures, portfolio, a flow's moves) page their
// statement's list by keyset, in its order with a unique id last; the peer cannot page
// that way, so it answers the whole list in the same order and the bench compares the
// nodes of talentgraph's page with the peer's list cut to the page (bench/cases.py).
function traversal(file, column, item, order = null) {
  const text = readFileSync(new URL(`${file}.cypher`, CYPHER), "utf8");
  const sorted = order ? `WITH x ORDER BY ${order}\n` : "";
  const statement = `CALL () {\n${text}\n}\nUNWIND ${column} AS x\n${sorted}RETURN ${item} AS item`;
  // The statement goes into an SDL block string, which ends at the first """.
  if (statement.includes('"""')) throw new Error(`cypher/${file}.cypher holds """`);
  return `@cypher(statement: """\n${statement}\n""", columnName: "item")`;
}

// Talentgraph's Employment and Investment as the traversals give them: the
// relationship's properties plus the entities at its ends.
// (Map projection needs a variable, so the properties are picked by name.)
// SPELL and INVESTMENT type those properties, on the relationship types and on the
// traversals' fact types alike.
const SPELL = {
  id: "ID!",
  note: "String",
  role: "String",
  team: "String",
  level: "String",
  start: "String",
  end: "String",
  ended: "Boolean",
};
const INVESTMENT = { id: "ID!", note: "String", lead: "Boolean" };
// The fields every entity type has, as talentgraph's Entity interface gives them.
const ENTITY = {
  id: "ID!",
  name: "String!",
  nameZh: "String",
  aliases: "[String!]!",
  description: "String",
  note: "String",
  synthetic: "Boolean!",
};
const fields = (props) =>
  Object.entries(props)
    .map(([name, type]) => `${name}: ${type}`)
    .join("\n    ");
const pick = (map, props) =>
  Object.keys(props)
    .map((k) => `${k}: ${map}.${k}`)
    .join(", ");
const spell = (rel, employer) => `{${pick(rel, SPELL)}, employer: ${employer}}`;
const investments = (list) =>
  `[i IN ${list} | {${pick("i.rel", INVESTMENT)}, investor: i.investor, round: i.round}]`;

// CompanyKind as talentgraph's SDL declares it (schema/schema.graphql, generated from
// the model registry), so the two engines' enums cannot drift apart.
const SDL = readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8");
const companyKind = SDL.match(/^enum CompanyKind \{[^}]*\}/m)[0];

const typeDefs = /* GraphQL */ `
  scalar JSON

  ${companyKind}

  type Person @node {
    ${fields(ENTITY)}
    born: String
    bornPlace: String
    employments: [Company!]!
      @relationship(type: "WORKED_AT", direction: OUT, properties: "Employment")
  }

  type Company @node {
    ${fields(ENTITY)}
    kind: CompanyKind!
    founded: String
    hq: String
    listed: String
    employees: [Person!]!
      @relationship(type: "WORKED_AT", direction: IN, properties: "Employment")
    investments: [FundingRound!]!
      @relationship(type: "INVESTED_IN", direction: OUT, properties: "Investment")
    rounds: [FundingRound!]! @relationship(type: "RAISED", direction: OUT, properties: "Raise")
    units: [Company!]! @relationship(type: "PART_OF", direction: IN)
    groups: [Company!]! @relationship(type: "PART_OF", direction: OUT)
  }

  type FundingRound @node {
    ${fields(ENTITY)}
    series: String
    announced: String
    # The earliest day \`announced\` can mean: what talentgraph sorts rounds by.
    announcedMin: Date
    amount: Float
    amountText: String
    currency: String
    valuation: Float
    valuationCurrency: String
    raisedBy: [Company!]! @relationship(type: "RAISED", direction: IN, properties: "Raise")
    investors: [Company!]!
      @relationship(type: "INVESTED_IN", direction: IN, properties: "Investment")
  }

  type Employment @relationshipProperties {
    ${fields(SPELL)}
    # The earliest day \`start\` can mean: what talentgraph sorts spells by.
    startMin: Date
  }

  type Investment @relationshipProperties {
    ${fields(INVESTMENT)}
  }

  type Raise @relationshipProperties {
    id: ID!
    note: String
  }

  # What the named traversals return: plain object types, filled from the maps the
  # @cypher statements build (these are no nodes, so the library projects nothing).
  type EmploymentFact {
    ${fields(SPELL)}
    employer: Company!
  }

  type InvestmentFact {
    ${fields(INVESTMENT)}
    investor: Company!
    round: FundingRound!
  }

  type AlumniHire {
    person: Person!
    left: EmploymentFact!
    joined: EmploymentFact!
  }

  type PortfolioHire {
    company: Company!
    investments: [InvestmentFact!]!
    hires: [AlumniHire!]!
  }

  type Move {
    person: Person!
    left: EmploymentFact!
    joined: EmploymentFact!
  }

  type TalentFlow {
    from: Company!
    to: Company!
    count: Int!
    moves: [Move!]!
  }

  type Departure {
    person: Person!
    left: EmploymentFact!
    next: [EmploymentFact!]!
  }

  type CoInvestor {
    investor: Company!
    count: Int!
    rounds: [FundingRound!]!
  }

  type PortfolioCompany {
    company: Company!
    investments: [InvestmentFact!]!
  }

  type EntityRef {
    id: ID!
    name: String
  }

  type Evidence {
    confidence: Float!
  }

  type Hop {
    from: EntityRef!
    to: EntityRef!
    type: String!
    forward: Boolean!
    properties: JSON!
    evidence: Evidence!
  }

  type Path {
    length: Int!
    hops: [Hop!]!
  }

  type Query {
    portfolioAlumniHires(investor: ID!, alumniOf: ID = null): [PortfolioHire!]!
      ${traversal(
        "portfolio_alumni_hires",
        "results",
        `{company: x.company, investments: ${investments("x.investments")},
          hires: [h IN x.hires | {person: h.person, left: ${spell("h.left", "h.leftAt")},
                                  joined: ${spell("h.joined", "x.company")}}]}`,
      )}

    talentFlows(from: ID = null, to: ID = null, sinceMin: Date = null, untilMax: Date = null,
                first: Int! = 50, quarterly: Boolean! = false): [TalentFlow!]!
      ${traversal(
        "talent_flows",
        "flows",
        `{from: x.from, to: x.to, count: size(x.moves),
          moves: COLLECT { UNWIND x.moves AS m
                           WITH m ORDER BY m.joined.startMin, m.joined.id, m.left.id
                           RETURN {person: m.person, left: ${spell("m.left", "m.leftAt")},
                                   joined: ${spell("m.joined", "m.joinedAt")}} }}`,
      )}

    departures(company: ID!, sinceMin: Date = null, untilMax: Date = null): [Departure!]!
      ${traversal(
        "departures",
        "departures",
        `{person: x.person, left: ${spell("x.left", "x.leftAt")},
          next: [n IN x.next | ${spell("n.rel", "n.at")}]}`,
        "x.left.endMin IS NULL, x.left.endMin DESC, x.person.name, x.left.id",
      )}

    coInvestors(company: ID!): [CoInvestor!]!
      ${traversal(
        "co_investors",
        "coInvestors",
        "{investor: x.investor, count: size(x.rounds), rounds: x.rounds}",
      )}

    portfolio(investor: ID!): [PortfolioCompany!]!
      ${traversal(
        "portfolio",
        "portfolio",
        `{company: x.company, investments: ${investments("x.investments")}}`,
        "x.company.name, x.company.id",
      )}

    connections(from: ID!, to: ID!, maxHops: Int! = 4, first: Int! = 10): [Path!]!
      ${traversal(
        "connections",
        "paths",
        `{length: size(x.rels), hops: [i IN range(0, size(x.rels) - 1) | {
            from: x.nodes[i], to: x.nodes[i + 1], type: x.rels[i].type,
            forward: x.rels[i].from = x.nodes[i].id, properties: x.rels[i].props,
            evidence: {confidence: coalesce(x.rels[i].props.confidence, 1.0)}}]}`,
      )}

    "Cypher statements this server has sent to Neo4j (for the benchmark)."
    _benchStatements: Int!
  }
`;

// Talentgraph's Hop.properties: the relationship's own properties as given, without
// the date-index helpers (startMin...) and the evidence (resolvers/convert.py plain).
const HIDDEN = new Set(["sources", "confidence", "disputes"]);
const JSONScalar = new GraphQLScalarType({
  name: "JSON",
  serialize: (props) =>
    Object.fromEntries(
      Object.entries(props).filter(
        ([k]) => !HIDDEN.has(k) && !k.endsWith("Min") && !k.endsWith("Max"),
      ),
    ),
});

let statements = 0;

// The driver as @neo4j/graphql uses it (a session per root field, one transaction, one
// `run`), with each `run` counted.
function counting(driver) {
  const countRuns = (tx) =>
    new Proxy(tx, {
      get(target, key) {
        if (key === "run") {
          return (...args) => {
            statements += 1;
            return target.run(...args);
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return {
    session(config) {
      const session = driver.session(config);
      return new Proxy(session, {
        get(target, key) {
          if (key === "executeRead" || key === "executeWrite") {
            return (work, txConfig) => target[key]((tx) => work(countRuns(tx)), txConfig);
          }
          const value = Reflect.get(target, key);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    },
  };
}

async function main() {
  const port = Number(process.argv[2] ?? process.env.PEER_PORT ?? 4000);
  const { NEO4J_URI, NEO4J_USER = "neo4j", NEO4J_PASSWORD, NEO4J_DATABASE = "neo4j" } =
    process.env;
  if (!NEO4J_URI || !NEO4J_PASSWORD) throw new Error("NEO4J_URI and NEO4J_PASSWORD must be set");
  // As talentgraph's driver: notifications off (they would only cost bytes on every reply).
  const driver = neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD), {
    notificationsFilter: { minimumSeverityLevel: "OFF" },
  });
  const neoSchema = new Neo4jGraphQL({
    typeDefs,
    driver,
    resolvers: { JSON: JSONScalar, Query: { _benchStatements: () => statements } },
  });
  const server = new ApolloServer({ schema: await neoSchema.getSchema() });
  const executionContext = counting(driver);
  const { url } = await startStandaloneServer(server, {
    listen: { host: "127.0.0.1", port },
    context: async () => ({ executionContext, sessionConfig: { database: NEO4J_DATABASE } }),
  });
  console.log(`peer: @neo4j/graphql on ${url}`);
  const stop = async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
