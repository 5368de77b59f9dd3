import { NavLink, Route, Routes } from "react-router";
import { ApiKeysPage, isAdmin, SessionBar, SessionGate, sessionOpen, useConsoleSession } from "./features/identity/index.js";
import { TaskRoute } from "./pages/task-route.js";
import { ModelsPage } from "./pages/models-page.js";
import { TasksPage } from "./pages/tasks-page.js";

/**
 * The console's shell: the product's name, the navigation and the pages. The router, the GraphQL client and the
 * session come from main.tsx (tests: their own; without a session provider the shell is self-hosted). In cloud mode
 * the pages wait for a signed-in key: until then the session gate (sign-in) stands in for them.
 */
export function App() {
  const session = useConsoleSession();
  const { state } = session;
  const open = sessionOpen(state);
  return (
    <>
      <header>
        <h1>Prelabel</h1>
        {open ? (
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
              {state.kind === "cloud" && isAdmin(state.viewer) ? (
                <li>
                  <NavLink to="/api-keys">API keys</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
        <SessionBar />
      </header>
      <main>
        {open ? (
          <Routes>
            <Route path="/" element={<TasksPage />} />
            <Route path="/tasks/:id" element={<TaskRoute />} />
            <Route path="/models" element={<ModelsPage />} />
            <Route path="/api-keys" element={<ApiKeysPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        ) : (
          <SessionGate />
        )}
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
