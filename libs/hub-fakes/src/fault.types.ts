/**
 * One injected misbehaviour, consumed by the next request to its route. Protocol-exact error answers are
 * built by each fake's fault helpers (e.g. `hfInferenceFaults.loading(20)`); these are the raw forms.
 */
export type Fault =
  /** Answer with this status, JSON body (or text) and headers instead of the normal reply. */
  | {
      readonly kind: "status";
      readonly status: number;
      readonly json?: unknown;
      readonly text?: string;
      readonly contentType?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Wait, then answer normally. */
  | { readonly kind: "delay"; readonly ms: number }
  /** Never answer (the client's timeout must end it). */
  | { readonly kind: "hang" }
  /** Close the connection without answering (a connection error). */
  | { readonly kind: "reset" }
  /** 200 (or `status`) with Content-Type application/json and a body that is not JSON. */
  | { readonly kind: "malformed-json"; readonly status?: number }
  /** 200 with valid JSON of the wrong shape. */
  | { readonly kind: "wrong-shape"; readonly json: unknown }
  /** 200 with another content type (the HF client then sees a Blob, not JSON). */
  | { readonly kind: "content-type"; readonly contentType: string; readonly body: string }
  /** A redirect, e.g. to another host that must never be contacted. */
  | { readonly kind: "redirect"; readonly location: string; readonly status?: 301 | 302 | 303 | 307 | 308 };

/** The protocol-neutral faults. */
export const faults = {
  status: (status: number, json?: unknown, headers?: Record<string, string>): Fault => ({ kind: "status", status, json, headers }),
  delay: (ms: number): Fault => ({ kind: "delay", ms }),
  hang: (): Fault => ({ kind: "hang" }),
  reset: (): Fault => ({ kind: "reset" }),
  malformedJson: (status = 200): Fault => ({ kind: "malformed-json", status }),
  wrongShape: (json: unknown): Fault => ({ kind: "wrong-shape", json }),
  contentType: (contentType: string, body: string): Fault => ({ kind: "content-type", contentType, body }),
  redirect: (location: string, status: 301 | 302 | 303 | 307 | 308 = 302): Fault => ({ kind: "redirect", location, status }),
};
