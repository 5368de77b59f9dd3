// Test and bench helpers (`@prelabel/tracking/testing`): seeded randomness and synthetic scenes with known truth.
export { gaussian, seededRandom } from "./prng.js";
export { crowdScene, perFrameHypothesis, renderScene, tracksToHypothesis } from "./synthetic-scenes.js";
export type { RenderedScene, SceneDetectionPayload, SceneObject, SceneSpec } from "./synthetic-scenes.js";
