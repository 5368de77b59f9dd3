import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMetricsRegistry } from "@prelabel/observability";
import { WorkerMetrics } from "./worker.metrics.js";

describe("WorkerMetrics", () => {
  const series = async (registry: ReturnType<typeof createMetricsRegistry>, name: string) =>
    (await registry.metrics()).split("\n").find((l) => l.startsWith(`${name}{`) && l.includes('model="m"'));

  it("observes decode, pre-process, session.run and post-process per model, each in its own histogram", async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const metrics = new WorkerMetrics(registry);
    metrics.onFrame({ model: "m", ok: true, inferenceMs: 50, decodeMs: 2, stages: { preprocessMs: 3, inferenceMs: 40, postprocessMs: 7 } });
    assert.equal(await series(registry, "prelabel_worker_decode_ms_sum"), 'prelabel_worker_decode_ms_sum{model="m"} 2');
    assert.equal(await series(registry, "prelabel_worker_preprocess_ms_sum"), 'prelabel_worker_preprocess_ms_sum{model="m"} 3');
    assert.equal(await series(registry, "prelabel_worker_inference_ms_sum"), 'prelabel_worker_inference_ms_sum{model="m"} 40');
    assert.equal(await series(registry, "prelabel_worker_postprocess_ms_sum"), 'prelabel_worker_postprocess_ms_sum{model="m"} 7');
  });

  it("counts a model's whole call as inference when it has no split (hub and Nuclio models), and skips failed frames", async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const metrics = new WorkerMetrics(registry);
    metrics.onFrame({ model: "m", ok: true, inferenceMs: 120, decodeMs: 4 });
    metrics.onFrame({ model: "m", ok: false, inferenceMs: 0, decodeMs: 0 });
    assert.equal(await series(registry, "prelabel_worker_inference_ms_sum"), 'prelabel_worker_inference_ms_sum{model="m"} 120');
    assert.equal(await series(registry, "prelabel_worker_inference_ms_count"), 'prelabel_worker_inference_ms_count{model="m"} 1');
    assert.equal(await series(registry, "prelabel_worker_preprocess_ms_count"), undefined);
    assert.equal(await series(registry, "prelabel_worker_decode_ms_count"), 'prelabel_worker_decode_ms_count{model="m"} 1');
  });
});
