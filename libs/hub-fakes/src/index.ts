export { FakeHttpServer, bearerToken } from "./fake-http.server.js";
export type { RecordedRequest, FakeReply, FakeRequest, FakeRoute } from "./fake-http.server.js";
export { faults } from "./fault.types.js";
export type { Fault } from "./fault.types.js";
export { HfHubFake, hfHubFaults, HfInferenceFake, hfInferenceFaults } from "./hugging-face.fake.js";
export type { HfTokenGrant, HfInferenceFakeOptions } from "./hugging-face.fake.js";
export { standardHfFixtures, hfFixtureIds } from "./hugging-face.fixtures.js";
export type { HfRepoFixture, HfModelOutputs, RelBox } from "./hugging-face.fixtures.js";
export { RoboflowApiFake, roboflowApiFaults, RoboflowInferenceFake, roboflowInferFaults } from "./roboflow.fake.js";
export type { RoboflowInferenceFakeOptions } from "./roboflow.fake.js";
export { standardRoboflowFixtures, roboflowFixtureRefs } from "./roboflow.fixtures.js";
export type { RoboflowProjectFixture, RoboflowRelPrediction } from "./roboflow.fixtures.js";
export { startHubFakes, fakeCredentials } from "./hub-fakes.launcher.js";
export type { HubFakes, HubFakesOptions } from "./hub-fakes.launcher.js";
export { solidImage, noiseImage, imageSize, rectangleMaskPng } from "./test-image.factory.js";
export { standardNuclioFixtures, nuclioFixture, nuclioFixtureNames, cocoLabels } from "./nuclio.fixtures.js";
export type {
  NuclioFunctionFixture,
  NuclioFunctionQuirks,
  NuclioRelDetection,
  NuclioRelElement,
  NuclioFixtureKind,
} from "./nuclio.fixtures.js";
export { NuclioDashboardFake, NuclioFunctionFake, nuclioFaults, startNuclioFakes } from "./nuclio.fake.js";
export type { NuclioDashboardFakeOptions, NuclioFunctionFakeOptions, NuclioFakes, NuclioFakesOptions } from "./nuclio.fake.js";
