import { sessionApiKeyStore } from "./api-key.store.js";

/** This tab's API key (cloud mode's sign-in sets it; self-hosted never does, and requests go without one). */
export const apiKeys = sessionApiKeyStore(typeof window === "undefined" ? undefined : window.sessionStorage);
