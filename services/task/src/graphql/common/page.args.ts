import { ArgsType, Field, Int } from "type-graphql";

/** Forward pagination: `first` defaults to 50 (at most 500), `after` is a cursor from a previous page. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
