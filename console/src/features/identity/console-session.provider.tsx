import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Provider, type Client } from "urql";
import { isUnauthenticated, type ApiKeyStore, type ConsoleClient } from "../../graphql/index.js";
import { DeploymentModeQuery, ViewerQuery, type SessionViewer } from "./identity.api.js";
import { describeIdentityError } from "./identity-error.messages.js";

/** Why the sign-in page is shown: first visit, the user signed out, or the gateway refused the key in use. */
export type SignedOutReason = "none" | "signed-out" | "refused";

export type SessionState =
  /** Asking the gateway which mode it runs in (and, in cloud mode, whose the stored key is). */
  | { readonly kind: "checking" }
  /** The gateway did not answer, or answered an error that is not about the key. */
  | { readonly kind: "unreachable"; readonly message: string }
  /** Cloud mode without an accepted key. */
  | { readonly kind: "signed-out"; readonly reason: SignedOutReason }
  /** Self-hosted: no keys, no sign-in; every caller is the default tenant. */
  | { readonly kind: "self-hosted" }
  /** Cloud mode, signed in with the key in this tab's sessionStorage. */
  | { readonly kind: "cloud"; readonly viewer: SessionViewer };

export interface ConsoleSession {
  readonly state: SessionState;
  /** Verifies `key` with the viewer query; resolves null once signed in with it, else what is wrong with it. */
  readonly signIn: (key: string) => Promise<string | null>;
  /** Forgets the key, closes the subscription socket and drops every cached answer. */
  readonly signOut: (reason?: Exclude<SignedOutReason, "none">) => void;
  /** After `unreachable`: ask the gateway again. */
  readonly retry: () => void;
}

/**
 * Without a provider (component tests of the shell and of pages, under their own urql Provider) the console behaves
 * as self-hosted: no sign-in, no session controls.
 */
export const ConsoleSessionContext = createContext<ConsoleSession>({
  state: { kind: "self-hosted" },
  signIn: () => Promise.resolve("There is no session to sign in to here."),
  signOut: () => undefined,
  retry: () => undefined,
});

export const useConsoleSession = (): ConsoleSession => useContext(ConsoleSessionContext);

export interface ConnectOptions {
  /** The key every request and the subscription socket carry; undefined: none (self-hosted, or not signed in). */
  apiKey(): string | undefined;
  /** The gateway refused the key (HTTP 401, UNAUTHENTICATED, socket closed 4401/4403). */
  onUnauthenticated(): void;
}

export interface ConsoleSessionProviderProps {
  /** Where the accepted key is kept (this tab's sessionStorage). Read once, at the first render. */
  readonly apiKeys: ApiKeyStore;
  /** A fresh client (its own cache and socket) speaking with one key. Read once, at the first render. */
  readonly connect: (options: ConnectOptions) => ConsoleClient;
  readonly children: ReactNode;
}

interface Connection {
  readonly console: ConsoleClient;
  /** Keys the urql Provider: a new connection remounts the pages, so nothing keeps an answer from the old key. */
  readonly generation: number;
}

/**
 * The console's session: which mode the gateway runs in, who is signed in, and the urql client for that key. Each key
 * gets its own client, so signing in, signing out or a refused key also drops the document cache and the socket.
 * A refused key is reported by the client's one exchange (graphql/client.ts) for every operation; this provider
 * turns it into the sign-in page with the reason.
 */
export function ConsoleSessionProvider({ apiKeys: storeProp, connect: connectProp, children }: ConsoleSessionProviderProps) {
  const { apiKeys, connect } = useRef({ apiKeys: storeProp, connect: connectProp }).current;
  const current = useRef<Connection | null>(null);
  const generations = useRef(0);
  const onRefused = useRef<() => void>(() => undefined);

  // Each connection reports refusals only while it is the current one: answers to an old key are history.
  const open = useCallback(
    (key: string | undefined): Connection => {
      const connection: Connection = {
        console: connect({
          apiKey: () => key,
          onUnauthenticated: () => {
            if (current.current === connection) onRefused.current();
          },
        }),
        generation: ++generations.current,
      };
      return connection;
    },
    [connect],
  );

  const [connection, setConnection] = useState<Connection>(() => {
    current.current ??= open(apiKeys.get());
    return current.current;
  });
  const adopt = useCallback((next: Connection) => {
    const previous = current.current;
    current.current = next;
    setConnection(next);
    if (previous && previous !== next) void previous.console.dispose();
  }, []);

  const stateRef = useRef<SessionState>({ kind: "checking" });
  const [state, setStateValue] = useState<SessionState>(stateRef.current);
  const setState = useCallback((next: SessionState) => {
    stateRef.current = next;
    setStateValue(next);
  }, []);

  const signOut = useCallback(
    (reason: Exclude<SignedOutReason, "none"> = "signed-out") => {
      apiKeys.clear();
      adopt(open(undefined));
      setState({ kind: "signed-out", reason });
    },
    [adopt, apiKeys, open, setState],
  );

  useEffect(() => {
    onRefused.current = () => {
      // Only a session in use ends here; while checking or signing in, the refusal is that step's own answer.
      const { kind } = stateRef.current;
      if (kind === "cloud" || kind === "self-hosted") signOut("refused");
    };
  }, [signOut]);

  const [checks, setChecks] = useState(0);
  useEffect(() => {
    const checked = current.current;
    if (!checked) return;
    let cancelled = false;
    void checkSession(checked.console.client, apiKeys.get() !== undefined).then((next) => {
      if (cancelled || current.current !== checked) return;
      if (next.kind === "signed-out") {
        // A stored key the gateway refuses is dropped with its client.
        apiKeys.clear();
        adopt(open(undefined));
      }
      setState(next);
    });
    return () => {
      cancelled = true;
    };
  }, [checks, adopt, apiKeys, open, setState]);

  const retry = useCallback(() => {
    setState({ kind: "checking" });
    setChecks((n) => n + 1);
  }, [setState]);

  const signIn = useCallback(
    async (typed: string): Promise<string | null> => {
      const key = typed.trim();
      if (!key) return "Enter your API key.";
      // A client of its own: the key is stored, and replaces the current client, only once the gateway accepts it.
      const candidate = open(key);
      const result = await candidate.console.client.query(ViewerQuery, {}, { requestPolicy: "network-only" }).toPromise();
      if (result.data) {
        apiKeys.set(key);
        adopt(candidate);
        setState({ kind: "cloud", viewer: result.data.viewer });
        return null;
      }
      void candidate.console.dispose();
      return result.error ? describeIdentityError(result.error, "sign-in").message : "The gateway sent no answer: try again.";
    },
    [adopt, apiKeys, open, setState],
  );

  const session = useMemo<ConsoleSession>(() => ({ state, signIn, signOut, retry }), [state, signIn, signOut, retry]);
  return (
    <ConsoleSessionContext.Provider value={session}>
      <Provider key={connection.generation} value={connection.console.client}>
        {children}
      </Provider>
    </ConsoleSessionContext.Provider>
  );
}

/**
 * Which mode, and whose key. A gateway in cloud mode refuses a request without a valid key before anything else
 * (401), so that answer means "sign in"; a self-hosted gateway never asks for one.
 */
async function checkSession(client: Client, hasStoredKey: boolean): Promise<SessionState> {
  const mode = await client.query(DeploymentModeQuery, {}, { requestPolicy: "network-only" }).toPromise();
  if (isUnauthenticated(mode.error)) return { kind: "signed-out", reason: hasStoredKey ? "refused" : "none" };
  if (!mode.data) return unreachable(mode.error);
  if (mode.data.deploymentMode === "SELF_HOSTED") return { kind: "self-hosted" };
  const viewer = await client.query(ViewerQuery, {}, { requestPolicy: "network-only" }).toPromise();
  if (viewer.data) return { kind: "cloud", viewer: viewer.data.viewer };
  if (isUnauthenticated(viewer.error)) return { kind: "signed-out", reason: "refused" };
  return unreachable(viewer.error);
}

function unreachable(error: Parameters<typeof describeIdentityError>[0] | undefined): SessionState {
  return {
    kind: "unreachable",
    message: error ? describeIdentityError(error, "sign-in").message : "The gateway sent no answer: try again.",
  };
}
