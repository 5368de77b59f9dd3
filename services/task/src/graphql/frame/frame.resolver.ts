import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { FrameImageService } from "../../application/frame-image.service.js";
import {
  DEFAULT_FRAME_IMAGE_LIMITS,
  DEFAULT_FRAME_IMAGE_SIZE,
  FrameImageBudget,
  MAX_FRAME_IMAGE_SIZE,
  MIN_FRAME_IMAGE_SIZE,
} from "../../domain/frame-image.js";
import type { TaskContext } from "../common/context.js";
import { FrameImageType, FrameType, type FrameRoot } from "./frame.type.js";

const budgets = new WeakMap<object, FrameImageBudget>();

@Resolver(() => FrameType)
export class FrameResolver {
  constructor(
    private readonly images: FrameImageService,
    private readonly maxPerOperation: number,
  ) {}

  @FieldResolver(() => FrameImageType, {
    nullable: true,
    description: `The frame as an inline image (JPEG, or PNG when it has alpha), at most maxSize (${MIN_FRAME_IMAGE_SIZE}..${MAX_FRAME_IMAGE_SIZE}) on its long side. Null when the bytes are not a readable image. One operation may render at most ${DEFAULT_FRAME_IMAGE_LIMITS.maxPerOperation} (TOO_MANY_FRAME_IMAGES past it).`,
  })
  image(
    @Root() frame: FrameRoot,
    @Arg("maxSize", () => Int, { defaultValue: DEFAULT_FRAME_IMAGE_SIZE }) maxSize: number,
    @Ctx() context: TaskContext,
  ): Promise<FrameImageType | null> {
    // Frames are only reached through Task.frames, which is tenant-scoped: no further check here.
    return this.images.image(frame, maxSize, this.budgetOf(context));
  }

  /** The operation's render allowance (one context object per operation). */
  private budgetOf(context: TaskContext): FrameImageBudget {
    let budget = budgets.get(context!);
    if (!budget) budgets.set(context!, (budget = new FrameImageBudget(this.maxPerOperation)));
    return budget;
  }
}
