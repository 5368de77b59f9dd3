export { sessionApiKeyStore, type ApiKeyStore } from "./api-key.store.js";
export {
  createConsoleClient,
  graphqlWsUrl,
  GRAPHQL_PATH,
  requestHeaders,
  type ConsoleClient,
  type ConsoleClientOptions,
} from "./client.js";
export { apiKeys } from "./session.js";
