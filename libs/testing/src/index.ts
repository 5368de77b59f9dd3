export { createTestDatabase, TEST_PG_ADMIN_URL } from "./postgres.harness.js";
export type { TestDatabase } from "./postgres.harness.js";
export { createTestNats, TEST_NATS_URL } from "./nats.harness.js";
export type { TestNats } from "./nats.harness.js";
export { startStack, freePort, REPO_ROOT } from "./stack.launcher.js";
export type { StackOptions, RunningStack, RunningProcess, Restarted, ComponentName } from "./stack.launcher.js";
export { GraphQLTestClient } from "./graphql.client.js";
export type { GraphQLResponse } from "./graphql.client.js";
export { facePhotosDir } from "./sample-photos.js";
