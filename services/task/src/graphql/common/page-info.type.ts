import { Directive, Field, ObjectType } from "type-graphql";

/** Relay page info. Shareable: other subgraphs page their own connections with the same type. */
@Directive("@shareable")
@ObjectType("PageInfo")
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** Builds a forward-only page: `hasPreviousPage` is true when the client paged past something. */
export function pageInfo(cursors: string[], hasNextPage: boolean, after: string | null | undefined): PageInfo {
  return {
    hasNextPage,
    hasPreviousPage: !!after,
    startCursor: cursors[0] ?? null,
    endCursor: cursors[cursors.length - 1] ?? null,
  };
}
