import assert from "node:assert/strict";

/**
 * Asserts that a Prometheus text exposition (a /metrics body) holds each of `series` as an exact line; a miss lists
 * the prelabel_* series it does hold.
 */
export function assertMetricSeries(exposition: string, ...series: string[]): void {
  const lines = exposition.split("\n");
  for (const line of series) {
    assert.ok(lines.includes(line), `missing ${line}\n${lines.filter((l) => l.startsWith("prelabel_")).join("\n")}`);
  }
}
