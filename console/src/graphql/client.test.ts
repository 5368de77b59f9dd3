import { CombinedError } from "@urql/core";
import { vi } from "vitest";
import { sessionApiKeyStore } from "./api-key.store.js";
import { createConsoleClient, graphqlWsUrl, isUnauthenticated, requestHeaders } from "./client.js";

describe("graphqlWsUrl", () => {
  it("is the page's host on ws: or wss:", () => {
    expect(graphqlWsUrl({ protocol: "http:", host: "127.0.0.1:4000" })).toBe("ws://127.0.0.1:4000/graphql");
    expect(graphqlWsUrl({ protocol: "https:", host: "prelabel.example" })).toBe("wss://prelabel.example/graphql");
  });
});

describe("requestHeaders", () => {
  it("always passes CSRF prevention; a bearer key only in cloud mode", () => {
    expect(requestHeaders(undefined)).toEqual({ "x-graphql-yoga-csrf": "1" });
    expect(requestHeaders("plk_k")).toEqual({ "x-graphql-yoga-csrf": "1", authorization: "Bearer plk_k" });
  });
});

describe("sessionApiKeyStore", () => {
  it("keeps the key in sessionStorage only", () => {
    const store = sessionApiKeyStore(window.sessionStorage);
    store.set("plk_secret");
    expect(window.sessionStorage.getItem("prelabel.apiKey")).toBe("plk_secret");
    expect(window.localStorage.length).toBe(0);
    expect(sessionApiKeyStore(window.sessionStorage).get()).toBe("plk_secret");
    store.clear();
    expect(store.get()).toBeUndefined();
    expect(window.sessionStorage.getItem("prelabel.apiKey")).toBeNull();
  });

  it("works in memory when storage throws", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
      removeItem: () => undefined,
    };
    const store = sessionApiKeyStore(broken);
    store.set("plk_x");
    expect(store.get()).toBe("plk_x");
  });
});

describe("isUnauthenticated", () => {
  const graphQLError = (code: string) => ({ message: "refused", extensions: { code } });

  it("is an HTTP 401 or an UNAUTHENTICATED error on any operation", () => {
    expect(isUnauthenticated(undefined)).toBe(false);
    expect(isUnauthenticated(new CombinedError({ networkError: new Error("Unauthorized"), response: { status: 401 } }))).toBe(true);
    expect(isUnauthenticated(new CombinedError({ graphQLErrors: [graphQLError("UNAUTHENTICATED")] }))).toBe(true);
    expect(isUnauthenticated(new CombinedError({ graphQLErrors: [graphQLError("NOT_FOUND"), graphQLError("UNAUTHENTICATED")] }))).toBe(
      true,
    );
  });

  it("is not another refusal: FORBIDDEN is a role, not a key, and 503 is the identity service", () => {
    expect(isUnauthenticated(new CombinedError({ graphQLErrors: [graphQLError("FORBIDDEN")] }))).toBe(false);
    expect(isUnauthenticated(new CombinedError({ networkError: new Error("Service Unavailable"), response: { status: 503 } }))).toBe(false);
  });
});

/** Enough of a browser WebSocket for graphql-ws: it acknowledges connection_init, and the test closes it as the gateway would. */
class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static opened: FakeWebSocket[] = [];
  readyState = FakeWebSocket.CONNECTING;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeWebSocket.opened.push(this);
    setTimeout(() => {
      this.readyState = FakeWebSocket.OPEN;
      this.onopen?.();
    });
  }
  send(data: string): void {
    const message = JSON.parse(data) as Record<string, unknown>;
    this.sent.push(message);
    if (message.type === "connection_init") setTimeout(() => this.onmessage?.({ data: JSON.stringify({ type: "connection_ack" }) }));
  }
  close(code = 1000, reason = ""): void {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason });
  }
}

describe("createConsoleClient: the subscription socket", () => {
  const SUBSCRIPTION = 'subscription Progress { autoAnnotationJobProgress(jobId: "j") { id } }';

  async function subscribed(onUnauthenticated: () => void) {
    FakeWebSocket.opened = [];
    const { client, dispose } = createConsoleClient({
      location: { protocol: "https:", host: "prelabel.example" },
      apiKey: () => "plk_k",
      onUnauthenticated,
      webSocketImpl: FakeWebSocket,
    });
    const subscription = client.subscription(SUBSCRIPTION, {}).subscribe(() => undefined);
    await vi.waitFor(() => expect(FakeWebSocket.opened[0]?.sent.map((m) => m.type)).toEqual(["connection_init", "subscribe"]));
    return { socket: FakeWebSocket.opened[0], subscription, dispose };
  }

  it("sends the key in connection_init", async () => {
    const { socket, subscription, dispose } = await subscribed(() => undefined);
    expect(socket.url).toBe("wss://prelabel.example/graphql");
    expect(socket.sent[0]).toEqual({ type: "connection_init", payload: { authorization: "Bearer plk_k" } });
    subscription.unsubscribe();
    await dispose();
  });

  it.each([4403, 4401])("reports a socket the gateway closes with %i (revoked or refused key)", async (code) => {
    const onUnauthenticated = vi.fn();
    const { socket, subscription, dispose } = await subscribed(onUnauthenticated);
    socket.close(code, "Forbidden: credential revoked or expired");
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    subscription.unsubscribe();
    await dispose();
  });

  it("does not report a socket that closes for another reason (a gateway restart)", async () => {
    const onUnauthenticated = vi.fn();
    const { socket, subscription, dispose } = await subscribed(onUnauthenticated);
    socket.close(1001, "gateway shutting down");
    expect(onUnauthenticated).not.toHaveBeenCalled();
    subscription.unsubscribe();
    await dispose();
  });

  it("reports an UNAUTHENTICATED answer to a subscription (a key refused at subscribe)", async () => {
    const onUnauthenticated = vi.fn();
    const { socket, subscription, dispose } = await subscribed(onUnauthenticated);
    const id = socket.sent[1].id as string;
    socket.onmessage?.({
      data: JSON.stringify({
        type: "error",
        id,
        payload: [{ message: "A valid API key is required", extensions: { code: "UNAUTHENTICATED" } }],
      }),
    });
    await vi.waitFor(() => expect(onUnauthenticated).toHaveBeenCalledTimes(1));
    subscription.unsubscribe();
    await dispose();
  });
});
