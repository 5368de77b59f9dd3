export { sessionApiKeyStore, type ApiKeyStore } from "./api-key.store.js";
export {
  createConsoleClient,
  graphqlWsUrl,
  GRAPHQL_PATH,
  isUnauthenticated,
  requestHeaders,
  unauthenticatedExchange,
  type ConsoleClient,
  type ConsoleClientOptions,
} from "./client.js";
export { apiKeys } from "./session.js";
