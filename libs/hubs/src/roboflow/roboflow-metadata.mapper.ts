import { z } from "zod";
import { badShape } from "../hub-status.mapper.js";
import type { RoboflowModelRef } from "./roboflow-url.parser.js";

export interface RoboflowVersionInfo {
  /** object-detection | instance-segmentation | classification | semantic-segmentation | keypoint-detection | … */
  readonly type: string;
  readonly projectName: string;
  readonly versionName?: string;
  /** Class names, sorted (the API gives a name → annotation-count map, not an ordered list). */
  readonly classes: readonly string[];
  readonly multilabel: boolean;
  /** A trained model exists for this version (the API sends `version.model` only then). */
  readonly trained: boolean;
}

const versionSchema = z.object({
  project: z
    .object({
      type: z.string(),
      name: z.string().optional(),
      classes: z.record(z.string(), z.unknown()).optional(),
      multilabel: z.boolean().optional(),
    })
    .loose(),
  version: z.object({ name: z.string().optional(), model: z.object({}).loose().nullish() }).loose(),
});

/** What the API says of a project version (`GET /{ws}/{project}/{version}`), or HUB_BAD_RESPONSE. */
export function toRoboflowVersionInfo(json: unknown, ref: RoboflowModelRef, subject: string): RoboflowVersionInfo {
  const parsed = versionSchema.safeParse(json);
  if (!parsed.success) throw badShape("roboflow", subject, "expected {project: {type, classes}, version}");
  const { project, version } = parsed.data;
  return {
    type: project.type,
    projectName: project.name ?? ref.project,
    versionName: version.name,
    classes: Object.keys(project.classes ?? {}).sort((a, b) => a.localeCompare(b)),
    multilabel: project.multilabel ?? false,
    trained: version.model !== undefined && version.model !== null,
  };
}

/** The key check's answer (`POST /`) as the key's workspace, or HUB_BAD_RESPONSE. */
export function toRoboflowWorkspace(json: unknown, subject: string): { workspace: string } {
  const workspace = (json as { workspace?: unknown })?.workspace;
  if (typeof workspace !== "string") throw badShape("roboflow", subject, "no workspace in the answer");
  return { workspace };
}
