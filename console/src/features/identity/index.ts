export { ApiKeysPage } from "./api-keys.page.js";
export {
  ConsoleSessionProvider,
  useConsoleSession,
  type ConnectOptions,
  type ConsoleSession,
  type ConsoleSessionProviderProps,
  type SessionState,
  type SignedOutReason,
} from "./console-session.provider.js";
export { isAdmin, type SessionViewer } from "./identity.api.js";
export { REFUSED_KEY_MESSAGE } from "./identity-error.messages.js";
export { SessionBar } from "./session.bar.js";
export { SessionGate, sessionOpen } from "./session.gate.js";
