/** The console's shell; pages are added under src/pages and src/features. */
export function App() {
  return (
    <main>
      <h1>Prelabel</h1>
    </main>
  );
}
