import { sessionApiKeyStore } from "./api-key.store.js";
import { graphqlWsUrl, requestHeaders } from "./client.js";

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
