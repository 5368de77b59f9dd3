export { SecretBox, SecretBoxError, SecretBoxErrorCode, secretHint } from "./secret-box.js";
export type { Sealed } from "./secret-box.js";
