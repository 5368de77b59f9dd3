// Loaded into the gateway with NODE_OPTIONS=--require by the watchers bench (never in production): a full GC on
// SIGUSR2, so the heap the bench reads from /metrics right after is live data rather than what the collector has not
// reached yet (the bench cannot force a GC from outside otherwise). With GATEWAY_GC_MS also one every that many ms.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
process.on("SIGUSR2", () => gc());
const everyMs = Number(process.env.GATEWAY_GC_MS);
if (everyMs > 0) setInterval(gc, everyMs).unref();
