import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { interpolateTrack, MAX_TRACK_SHAPES_PER_OPERATION, TrackShapeBudget } from "../../domain/track.js";
import { findLabel, loadersFor, type LoaderSources, type TaskContext } from "../common/context.js";
import { LabelType } from "../label/label.type.js";
import { toTrackShapeRoot, type TrackRoot, type TrackShapeElementRoot, type TrackShapeRoot } from "./track.mapper.js";
import { TrackShapeElementType, TrackShapeType, TrackType } from "./track.type.js";

async function labelOf(context: TaskContext, sources: LoaderSources, taskId: string, labelId: string): Promise<LabelType> {
  const tree = await loadersFor(context, sources).labelTree.load(taskId);
  const label = findLabel(tree, labelId);
  // The foreign key makes this unreachable short of a concurrent task deletion.
  if (!label) throw new Error(`label ${labelId} of task ${taskId} is gone`);
  return label;
}

const budgets = new WeakMap<object, TrackShapeBudget>();

@Resolver(() => TrackType)
export class TrackResolver {
  constructor(
    private readonly sources: LoaderSources,
    private readonly maxShapesPerOperation = MAX_TRACK_SHAPES_PER_OPERATION,
  ) {}

  @FieldResolver(() => LabelType)
  label(@Root() track: TrackRoot, @Ctx() context: TaskContext): Promise<LabelType> {
    return labelOf(context, this.sources, track.taskId, track.labelId);
  }

  @FieldResolver(() => [TrackShapeType])
  async shapes(
    @Root() track: TrackRoot,
    @Arg("interpolated", () => Boolean, { nullable: true, defaultValue: false }) interpolated: boolean | null,
    @Ctx() context: TaskContext,
  ): Promise<TrackShapeRoot[]> {
    const keyframes = await loadersFor(context, this.sources).trackKeyframes.load(track.id);
    const shapes = interpolated ? interpolateTrack(keyframes, track.endFrame) : keyframes;
    this.budgetOf(context).take(shapes.length);
    return shapes.map((s) => toTrackShapeRoot(track.taskId, s));
  }

  private budgetOf(context: TaskContext): TrackShapeBudget {
    let budget = budgets.get(context!);
    if (!budget) budgets.set(context!, (budget = new TrackShapeBudget(this.maxShapesPerOperation)));
    return budget;
  }
}

@Resolver(() => TrackShapeElementType)
export class TrackShapeElementResolver {
  constructor(private readonly sources: LoaderSources) {}

  @FieldResolver(() => LabelType)
  label(@Root() element: TrackShapeElementRoot, @Ctx() context: TaskContext): Promise<LabelType> {
    return labelOf(context, this.sources, element.taskId, element.labelId);
  }
}
