/**
 * The cloud-mode API key, kept for the browser session only: sessionStorage (gone when the tab closes), never
 * localStorage, a cookie or a URL. A browser that refuses storage (privacy mode) still works for the page's lifetime.
 */
const STORAGE_KEY = "prelabel.apiKey";

export interface ApiKeyStore {
  get(): string | undefined;
  set(key: string): void;
  clear(): void;
}

export function sessionApiKeyStore(storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> | undefined): ApiKeyStore {
  let inMemory: string | undefined;
  const attempt = (action: (s: NonNullable<typeof storage>) => void): void => {
    try {
      if (storage) action(storage);
    } catch {
      // Storage disabled or full: the in-memory copy is kept.
    }
  };
  return {
    get() {
      if (inMemory !== undefined) return inMemory;
      attempt((s) => (inMemory = s.getItem(STORAGE_KEY) ?? undefined));
      return inMemory;
    },
    set(key) {
      inMemory = key;
      attempt((s) => s.setItem(STORAGE_KEY, key));
    },
    clear() {
      inMemory = undefined;
      attempt((s) => s.removeItem(STORAGE_KEY));
    },
  };
}
