import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import "./styles.css";
import { Provider } from "urql";
import { App } from "./app.js";
import { apiKeys, createConsoleClient } from "./graphql/index.js";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
const { client } = createConsoleClient({ location: window.location, apiKey: () => apiKeys.get() });
createRoot(root).render(
  <StrictMode>
    <Provider value={client}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </Provider>
  </StrictMode>,
);
