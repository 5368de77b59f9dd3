import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import "./styles.css";
import { App } from "./app.js";
import { ConsoleSessionProvider, type ConnectOptions } from "./features/identity/index.js";
import { apiKeys, createConsoleClient, type ConsoleClient } from "./graphql/index.js";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
// One client per key (the session provider makes a new one on sign-in and sign-out): its cache and socket go with it.
const connect = (options: ConnectOptions): ConsoleClient => createConsoleClient({ location: window.location, ...options });
createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <ConsoleSessionProvider apiKeys={apiKeys} connect={connect}>
        <App />
      </ConsoleSessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
