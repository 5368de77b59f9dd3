import type { ComponentName, EnvSchema } from "@prelabel/testing";

/** The order the dev stack names its processes in. */
export const COMPONENTS: readonly ComponentName[] = ["gateway", "task", "model-registry", "annotation-job", "identity", "inference-worker"];

/**
 * Variables the dev stack decides for each process itself. Its own configuration reads DATABASE_URL, NATS_URL,
 * NATS_NAMESPACE and PORT (dev-stack.config.ts) and passes on what it derives from them (one database and NATS
 * namespace for all, a port per process); the rest are wiring between the processes.
 */
export const STACK_OWNED: ReadonlySet<string> = new Set([
  "HOST",
  "PORT",
  "DATABASE_URL",
  "NATS_URL",
  "NATS_NAMESPACE",
  "TASK_URL",
  "MODEL_REGISTRY_URL",
  "ANNOTATION_JOB_URL",
  "IDENTITY_URL",
  "WORKER_ID",
]);

export interface ForwardedVariable {
  readonly name: string;
  readonly components: readonly ComponentName[];
}

export interface ServiceEnv {
  /** Each process's share of the environment. */
  readonly perComponent: Record<ComponentName, Record<string, string>>;
  /** What went where, by variable name (values are never listed: some are secrets). */
  readonly forwarded: readonly ForwardedVariable[];
  /** Stack-owned variables set in the environment (the dev stack reads some itself; none is passed on as is). */
  readonly stackOwned: readonly string[];
}

/**
 * The one allow-list: a variable reaches a process when that process's config schema declares it (the keys come
 * from the compiled schemas, `envKeysByDeployable`), it is not one the stack owns, and it is set to a non-empty
 * value (an empty variable counts as unset, as in the schemas' optional fields). Everything else in the
 * environment stays with the dev stack.
 */
export function allowListedEnv(
  env: Record<string, string | undefined>,
  keys: Readonly<Record<ComponentName, ReadonlySet<string>>>,
): ServiceEnv {
  const perComponent = Object.fromEntries(COMPONENTS.map((c) => [c, {}])) as Record<ComponentName, Record<string, string>>;
  const forwarded: ForwardedVariable[] = [];
  const stackOwned: string[] = [];
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value === undefined || !value.trim()) continue;
    if (STACK_OWNED.has(name)) {
      stackOwned.push(name);
      continue;
    }
    const components = COMPONENTS.filter((c) => keys[c].has(name));
    for (const c of components) perComponent[c][name] = value;
    if (components.length) forwarded.push({ name, components });
  }
  return { perComponent, forwarded, stackOwned };
}

/** "NAME → a, b" lines; every process reads some variables (LOG_LEVEL, PRELABEL_MODE), so "all" says it shorter. */
export function describeForwarded(variables: readonly ForwardedVariable[], indent = "  "): string[] {
  return variables.map(
    (v) => `${indent}${v.name} → ${v.components.length === COMPONENTS.length ? "every process" : v.components.join(", ")}`,
  );
}

/**
 * What each service's schema says about the variables it is given, before anything starts: one list naming the
 * process and the variable, instead of a service that exits and a log to read. The stack's own variables keep
 * the schemas' defaults here (dev-stack.config.ts checks the user's values for them).
 */
export function configProblems(
  perComponent: Readonly<Record<ComponentName, Record<string, string>>>,
  schemas: Readonly<Record<ComponentName, EnvSchema>>,
): string[] {
  const problems: string[] = [];
  for (const c of COMPONENTS) {
    const parsed = schemas[c].safeParse(perComponent[c]);
    for (const issue of parsed.success ? [] : (parsed.error?.issues ?? []))
      problems.push(`${c}: ${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
  }
  return problems;
}
