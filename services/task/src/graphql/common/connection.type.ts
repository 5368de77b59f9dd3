import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { CursorPage } from "../../application/task-query.service.js";
import { PageInfo, pageInfo } from "./page-info.type.js";

/**
 * The Relay types of one node type: `<name>Edge` and the returned `<name>Connection`, whose `totalCount` is counted
 * only when a client asks for it. `TRoot` is what resolvers pass on as a node (`nodeType` without its resolved fields).
 */
export function relayConnection<TRoot>(name: string, nodeType: ClassType) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => nodeType)
    node: TRoot;

    @Field()
    cursor: string;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    get totalCount(): Promise<number> {
      return this.countTotal();
    }

    /** Not exposed: how `totalCount` is counted. */
    readonly countTotal: () => Promise<number>;

    /** A use case's page after the cursor `after`, each node turned into what the resolvers pass on. */
    static of<T>(page: CursorPage<T>, toRoot: (node: T) => TRoot, after: string | null | undefined, countTotal: () => Promise<number>) {
      const cursors = page.edges.map((e) => e.cursor);
      const edges = page.edges.map((e) => ({ node: toRoot(e.node), cursor: e.cursor }));
      return new Connection(edges, pageInfo(cursors, page.hasNextPage, after), countTotal);
    }

    constructor(edges: Edge[], pageInfo: PageInfo, countTotal: () => Promise<number>) {
      this.edges = edges;
      this.pageInfo = pageInfo;
      this.countTotal = countTotal;
    }
  }
  return Connection;
}
