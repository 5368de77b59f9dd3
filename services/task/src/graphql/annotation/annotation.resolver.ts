import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { ShapeType } from "../../domain/label-types.js";
import { findLabel, loadersFor, type LoaderSources, type TaskContext } from "../common/context.js";
import { LabelType } from "../label/label.type.js";
import { toAnnotationRoot, type AnnotationRoot } from "./annotation.mapper.js";
import { AnnotationType } from "./annotation.type.js";

@Resolver(() => AnnotationType)
export class AnnotationResolver {
  constructor(private readonly sources: LoaderSources) {}

  @FieldResolver(() => LabelType)
  async label(@Root() annotation: AnnotationRoot, @Ctx() context: TaskContext): Promise<LabelType> {
    const tree = await loadersFor(context, this.sources).labelTree.load(annotation.taskId);
    const label = findLabel(tree, annotation.labelId);
    // The foreign key makes this unreachable short of a concurrent task deletion.
    if (!label) throw new Error(`label ${annotation.labelId} of annotation ${annotation.id} is gone`);
    return label;
  }

  @FieldResolver(() => [AnnotationType])
  async elements(@Root() annotation: AnnotationRoot, @Ctx() context: TaskContext): Promise<AnnotationRoot[]> {
    if (annotation.type !== ShapeType.SKELETON) return [];
    const rows = await loadersFor(context, this.sources).elements.load(annotation.id);
    return rows.map(toAnnotationRoot);
  }
}
