// Nuclio writes timeouts as Go durations (time.ParseDuration): "30s", "30000s", "1m", "500ms", "1h30m", "1.5h".
const unitMs: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Longest text accepted: real durations are a handful of characters. */
const MAX_DURATION_LENGTH = 64;

/**
 * A Go duration as milliseconds (rounded to whole ms), or null when it is not one. "0" is 0; a sign is allowed as Go
 * allows it, but a negative duration is returned as null (no timeout can be negative).
 */
export function parseGoDuration(text: string): number | null {
  if (typeof text !== "string" || text.length === 0 || text.length > MAX_DURATION_LENGTH) return null;
  let rest = text;
  let negative = false;
  if (rest[0] === "+" || rest[0] === "-") {
    negative = rest[0] === "-";
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return null;
  let total = 0;
  part.lastIndex = 0;
  let at = 0;
  while (at < rest.length) {
    part.lastIndex = at;
    const m = part.exec(rest);
    if (!m) return null;
    total += Number(m[1]) * unitMs[m[2]];
    at = part.lastIndex;
  }
  if (!Number.isFinite(total) || negative) return total === 0 ? 0 : null;
  return Math.round(total);
}
