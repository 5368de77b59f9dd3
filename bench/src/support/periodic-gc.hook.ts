// Loaded into the gateway with NODE_OPTIONS=--require by the watchers bench when GATEWAY_GC_MS is set (never in
// production): a full GC every GATEWAY_GC_MS, so the heap on /metrics is live data rather than what the collector has
// not reached yet. The bench cannot force a GC from outside otherwise.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const everyMs = Number(process.env.GATEWAY_GC_MS);
if (everyMs > 0) {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  setInterval(gc, everyMs).unref();
}
