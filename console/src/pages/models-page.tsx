/** `/models`: the model catalog (the models feature fills it in). */
export function ModelsPage() {
  return (
    <section aria-labelledby="models-heading">
      <h2 id="models-heading">Models</h2>
    </section>
  );
}
