import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A model, owned by the model-registry subgraph; referenced here by id only. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType("Model")
export class ModelType {
  @Field(() => ID)
  id: string;
}
