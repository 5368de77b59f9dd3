import { NavLink, Route, Routes } from "react-router";
import { TaskRoute } from "./pages/task-route.js";
import { ModelsPage } from "./pages/models-page.js";
import { TasksPage } from "./pages/tasks-page.js";

/** The console's shell: the product's name, the navigation and the pages. The router and the GraphQL client come from main.tsx (tests: their own). */
export function App() {
  return (
    <>
      <header>
        <h1>Prelabel</h1>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Tasks
              </NavLink>
            </li>
            <li>
              <NavLink to="/models">Models</NavLink>
            </li>
          </ul>
        </nav>
      </header>
      <main>
        <Routes>
          <Route path="/" element={<TasksPage />} />
          <Route path="/tasks/:id" element={<TaskRoute />} />
          <Route path="/models" element={<ModelsPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section aria-labelledby="not-found-heading">
      <h2 id="not-found-heading">Not found</h2>
      <p>There is no page at this address.</p>
    </section>
  );
}
