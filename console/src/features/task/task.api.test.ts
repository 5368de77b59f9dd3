// @vitest-environment node
import { readFileSync } from "node:fs";
import { buildSchema, print, validate } from "graphql";
import * as api from "./task.api.js";

// Codegen already refuses invalid documents; this also catches a supergraph changed without running codegen again.
const supergraph = buildSchema(readFileSync(new URL("../../../../gateway/supergraph.graphql", import.meta.url), "utf8"));

describe("task page operations", () => {
  it.each([
    ["TaskPageQuery", api.TaskPageQuery],
    ["TaskFramesQuery", api.TaskFramesQuery],
    ["FrameImageQuery", api.FrameImageQuery],
    ["FrameAnnotationsQuery", api.FrameAnnotationsQuery],
    ["AddFramesMutation", api.AddFramesMutation],
    ["ImportFramesMutation", api.ImportFramesMutation],
    ["DeleteTaskMutation", api.DeleteTaskMutation],
  ])("%s is valid against gateway/supergraph.graphql", (_name, operation) => {
    expect(validate(supergraph, operation).map((e) => e.message)).toEqual([]);
  });

  it("asks thumbnails and the viewer's image at the sizes the server allows", () => {
    expect(print(api.TaskFramesQuery)).toContain(`image(maxSize: ${api.THUMBNAIL_SIZE})`);
    expect(api.FRAME_PAGE_SIZE).toBeLessThanOrEqual(100); // the task service renders at most 100 images an operation
    expect(api.VIEWER_IMAGE_SIZE).toBeLessThanOrEqual(2048);
  });
});
