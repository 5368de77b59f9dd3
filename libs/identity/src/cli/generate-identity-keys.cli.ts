#!/usr/bin/env node
import { generateIdentityKeyPair } from "../identity-keys.js";

/** `node libs/identity/dist/cli/generate-identity-keys.cli.js`: prints a fresh pair as env lines (private → gateway only). */
const { privateKey, publicKey } = generateIdentityKeyPair();
process.stdout.write(`IDENTITY_PRIVATE_KEY=${privateKey}\nIDENTITY_PUBLIC_KEY=${publicKey}\n`);
