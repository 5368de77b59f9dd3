import { ModelsPanel } from "../features/models/index.js";

/** `/models`: the models by source, each with its card; upload an ONNX detector; in cloud mode, hub models. */
export function ModelsPage() {
  return (
    <section aria-labelledby="models-heading">
      <h2 id="models-heading">Models</h2>
      <ModelsPanel />
    </section>
  );
}
