import type { ModelLoadContext } from "./model-catalog-entry.js";
import type { ModelSession } from "./model-session.js";
import { assertSessionIo } from "./session-io.js";

export interface ArtifactSession {
  readonly session: ModelSession;
  /** Drops this holder's reference; the session is released when the last holder lets go. */
  release(): Promise<void>;
}

interface Shared {
  readonly opening: Promise<ModelSession>;
  holders: number;
}

// One pool per load context, i.e. per catalog: entries of the same catalog share sessions, separate
// catalogs (tests, a reloaded worker) never do. Weak, so a dropped catalog takes its pool with it.
const pools = new WeakMap<ModelLoadContext, Map<string, Shared>>();

/**
 * Opens the named artifact once per catalog and shares the session between the entries that need it
 * (person-pose runs CenterNet for its person boxes, as coco-object-detection does): one copy of the
 * weights in memory, one load. onnxruntime sessions accept concurrent runs.
 */
export async function openArtifactSession(context: ModelLoadContext, name: string): Promise<ArtifactSession> {
  let pool = pools.get(context);
  if (!pool) {
    pool = new Map<string, Shared>();
    pools.set(context, pool);
  }
  let shared = pool.get(name);
  if (!shared) {
    const opening = context.artifactPath(name).then((path) => context.createSession(path, context.sessionOptions));
    shared = { opening, holders: 0 };
    const entry = shared;
    pool.set(name, entry);
    // A failed open is forgotten so the next load retries (the catalog retries failed loads).
    opening.catch(() => {
      if (pool.get(name) === entry) pool.delete(name);
    });
  }
  shared.holders++;
  const entry = shared;
  let session: ModelSession;
  try {
    session = await entry.opening;
  } catch (error) {
    entry.holders--;
    throw error;
  }
  let released = false;
  return {
    session,
    async release() {
      if (released) return;
      released = true;
      if (--entry.holders === 0) {
        if (pool.get(name) === entry) pool.delete(name);
        await session.release();
      }
    },
  };
}

/** Opens several artifacts; if one fails, the ones already opened are released before rethrowing. */
export async function openArtifactSessions<N extends string>(
  context: ModelLoadContext,
  names: readonly N[],
): Promise<Record<N, ArtifactSession>> {
  const settled = await Promise.allSettled(names.map((n) => openArtifactSession(context, n)));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) {
    await Promise.all(settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.release()] : [])));
    throw failure.reason;
  }
  const out = {} as Record<N, ArtifactSession>;
  names.forEach((n, i) => (out[n] = (settled[i] as PromiseFulfilledResult<ArtifactSession>).value));
  return out;
}

/** Tensor names a pipeline feeds and reads from one artifact. */
export interface ArtifactIo {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/**
 * Opens every artifact a model needs and checks each has the tensor names the pipeline uses; on any
 * failure nothing stays open. This is what a catalog entry's load() does.
 */
export async function openModelSessions<N extends string>(
  context: ModelLoadContext,
  io: Readonly<Record<N, ArtifactIo>>,
): Promise<Record<N, ArtifactSession>> {
  const names = Object.keys(io) as N[];
  const sessions = await openArtifactSessions(context, names);
  try {
    for (const name of names) assertSessionIo(sessions[name].session, name, io[name]);
  } catch (error) {
    await releaseAll(sessions);
    throw error;
  }
  return sessions;
}

/** Releases every session of a loaded model. */
export async function releaseAll(sessions: Readonly<Record<string, ArtifactSession>>): Promise<void> {
  await Promise.all(Object.values(sessions).map((s) => s.release()));
}
