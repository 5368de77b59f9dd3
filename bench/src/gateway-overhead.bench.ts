// What the gateway adds to a query over three subgraphs (issue 13, target 5: ≤ 2 ms p50), measured with autocannon
// in one run against a baseline: the same fetches the gateway's plan makes, sent straight to the subgraphs.
//  - the stack runs in cloud mode (API key at the gateway, a signed x-prelabel-identity to every subgraph request), as
//    in production; a task with frames, one finished text-detection job and its annotations;
//  - the query: task (task) → its autoAnnotationJobs (annotation-job, `_entities` on Task) → each job's model
//    (model-registry, `_entities` on Model): three sequential fetches;
//  - direct: each of the plan's three fetches alone, with autocannon on its subgraph, carrying an assertion signed here
//    as the gateway signs one (same library, same key); the plan's latency is the sum of the three fetches' p50s
//    (they run one after the other), its rate 1 / Σ(1 / rate of each fetch) (the machine's time for one of each);
//  - added p50 = gateway p50 − that sum; the ratios are gateway / direct.
// Run: npm run bench:gateway -w @prelabel/bench   (DURATION_S=8 ROUNDS=1 CONNECTIONS=16 to change; PROFILE_DIR=<dir>
// writes the gateway's CPU profile (node --cpu-prof) of the whole run there)
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { generateIdentityKeyPair, IDENTITY_HEADER, IdentityAssertionSigner, parseIdentityPrivateKey, type Role } from "@prelabel/identity";
import { SecretBox } from "@prelabel/secret-box";
import { createTestDatabase, createTestNats, GraphQLTestClient, REPO_ROOT, startStack, type RunningStack } from "@prelabel/testing";
import { cpuSeconds, loadAverage } from "./process-cpu.meter.js";

const DURATION_S = Number(process.env.DURATION_S ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const FRAMES = Number(process.env.FRAMES ?? 6);
const PROFILE_DIR = process.env.PROFILE_DIR;

/** The part of autocannon 9's API used here (it ships no types). */
interface AutocannonRequest {
  method: "POST";
  path?: string;
  headers: Record<string, string>;
  body: string;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}
interface AutocannonResult {
  requests: { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type AutocannonInstance = PromiseLike<AutocannonResult> & {
  on(event: "response", listener: (client: object, statusCode: number, resBytes: number, responseTimeMs: number) => void): void;
};
const autocannon = createRequire(__filename)("autocannon") as (options: AutocannonOptions) => AutocannonInstance;

const QUERY = `query GatewayBench($id: ID!) {
  task(id: $id) {
    id
    name
    size
    frames(first: 10) { totalCount edges { node { index name width height } } }
    autoAnnotationJobs { id status framesDone model { id name kind defaultThreshold } }
  }
}`;

/**
 * The gateway's plan for QUERY: its upstream documents exactly as it sends them (recorded from its debug log,
 * `[useSubgraphExecuteDebug] Start`), one fetch per subgraph, each needing the previous one's keys.
 */
const TASK_FETCH =
  "query GatewayBench($id:ID!){task(id:$id){__typename id name size frames(first:10){totalCount edges{node{index name width height}}}}}";
const JOBS_FETCH =
  "query GatewayBench($representations:[_Any!]!){_entities(representations:$representations){__typename ...on Task{autoAnnotationJobs{__typename id status framesDone model{__typename id}}id}}}";
const MODELS_FETCH =
  "query GatewayBench($representations:[_Any!]!){_entities(representations:$representations){__typename ...on Model{name kind defaultThreshold}}}";

interface Latencies {
  p50: number;
  p99: number;
  n: number;
}
interface Measured extends Latencies {
  /** Answers (200) per second. */
  perSecond: number;
  failed: number;
  /** CPU milliseconds per answer, by process (and `bench` for the load generator): robust to a shared machine's load. */
  cpuPerRequest: Record<string, number>;
}

/** user + system CPU milliseconds a process has used so far. */
const cpuMsOf = (pid: number): number => cpuSeconds(pid) * 1000;

function cpuNow(pids: Record<string, number>): Record<string, number> {
  const usage = process.cpuUsage();
  return {
    ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMsOf(pid)])),
    bench: (usage.user + usage.system) / 1000,
  };
}

function percentiles(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: at(50), p99: at(99), n: sorted.length };
}

/**
 * autocannon sending `request` over `connections` for DURATION_S, each connection one request at a time. Latencies
 * come from autocannon's own per-response timer (fractional ms), not its histogram (whole ms).
 */
async function load(url: string, request: AutocannonRequest, connections: number, pids: Record<string, number>): Promise<Measured> {
  const latencies: number[] = [];
  const cpuBefore = cpuNow(pids);
  const run = autocannon({ url, connections, duration: DURATION_S, requests: [request] });
  run.on("response", (_client, status, _bytes, ms) => {
    if (status === 200) latencies.push(ms);
  });
  const result = await run;
  const cpuAfter = cpuNow(pids);
  return {
    ...percentiles(latencies),
    perSecond: latencies.length / result.duration,
    failed: result.errors + result.timeouts + result.non2xx,
    cpuPerRequest: Object.fromEntries(Object.entries(cpuAfter).map(([name, ms]) => [name, (ms - cpuBefore[name]) / latencies.length])),
  };
}

const post = (headers: Record<string, string>, query: string, variables: Record<string, unknown>): AutocannonRequest => ({
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...headers },
  body: JSON.stringify({ query, variables, operationName: "GatewayBench" }),
});

/** What the bench reads of the answers (the gateway's, and each subgraph's part of it). */
interface BenchTask {
  frames: { totalCount: number };
  autoAnnotationJobs: { model: { id: string; name: string } }[];
}
interface Answer<T> {
  data?: T | null;
  errors?: unknown[];
}

async function postJson<T>(url: string, request: AutocannonRequest): Promise<Answer<T>> {
  const res = await fetch(url, { method: "POST", headers: request.headers, body: request.body });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as Answer<T>;
}

const run = promisify(execFile);

/** `prelabel-create-tenant` on the stack's database (what an operator does): the tenant and its first ADMIN key. */
async function createTenant(databaseUrl: string): Promise<{ tenantId: string; keyId: string; apiKey: string }> {
  const cli = join(REPO_ROOT, "services", "identity", "dist", "src", "cli", "create-tenant.cli.js");
  const { stdout } = await run(process.execPath, [cli, "--name", "bench tenant"], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl },
  });
  return JSON.parse(stdout) as { tenantId: string; keyId: string; apiKey: string };
}

/** A task with FRAMES document photos and one finished text-detection job (so it has annotations too). */
async function seed(client: GraphQLTestClient): Promise<string> {
  const dir = join(REPO_ROOT, "samples", "documents");
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith(".jpg"))
    .sort();
  const files = Array.from({ length: FRAMES }, (_, i) => ({
    name: `${i}-${docs[i % docs.length]}`,
    bytes: readFileSync(join(dir, docs[i % docs.length])),
    type: "image/jpeg",
  }));
  const { createTask: task } = await client.must<{ createTask: { id: string } }>(
    `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`,
    { i: { name: "gateway bench", labels: [{ name: "text", type: "POLYGON" }] } },
  );
  const up = await client.upload(
    `mutation($t: ID!, $files: [Upload!]!) { addFrames(taskId: $t, files: $files) { size } }`,
    { t: task.id },
    "files",
    files,
  );
  if (up.errors) throw new Error(JSON.stringify(up.errors));
  const { startAutoAnnotation: job } = await client.must<{ startAutoAnnotation: { id: string } }>(
    `mutation($i: StartAutoAnnotationInput!) { startAutoAnnotation(input: $i) { id } }`,
    { i: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true } },
  );
  for (const deadline = Date.now() + 120_000; ;) {
    const { autoAnnotationJob } = await client.must<{ autoAnnotationJob: { status: string } }>(
      `query($j: ID!) { autoAnnotationJob(id: $j) { status } }`,
      {
        j: job.id,
      },
    );
    if (autoAnnotationJob.status === "COMPLETED") return task.id;
    if (autoAnnotationJob.status === "FAILED" || autoAnnotationJob.status === "CANCELLED")
      throw new Error(`seed job ${autoAnnotationJob.status}`);
    if (Date.now() > deadline) throw new Error("seed job did not complete within 2 minutes");
    await new Promise((r) => setTimeout(r, 250));
  }
}

const fmt = (ms: number) => ms.toFixed(2);

async function main() {
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const keys = generateIdentityKeyPair();
  const logDir = mkdtempSync(join(tmpdir(), "prelabel-bench-gateway-"));
  const profileDir = PROFILE_DIR ? resolve(PROFILE_DIR) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  let stack: RunningStack | undefined;
  let client: GraphQLTestClient | undefined;
  try {
    stack = await startStack({
      databaseUrl: db.url,
      natsUrl: nats.url,
      natsNamespace: nats.namespace,
      workers: 1,
      env: { PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: SecretBox.generateKey("bench"), IDENTITY_PUBLIC_KEY: keys.publicKey },
      gatewayEnv: {
        IDENTITY_PRIVATE_KEY: keys.privateKey,
        LOG_LEVEL: process.env.GATEWAY_LOG_LEVEL ?? "info",
      },
      ...(profileDir ? { componentNodeArgs: { gateway: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] } } : {}),
      logDir,
    });
    const tenant = await createTenant(db.url);
    client = new GraphQLTestClient(stack.gatewayUrl, { apiKey: tenant.apiKey });
    const taskId = await seed(client);
    const worker = stack.processes.find((p) => p.name.startsWith("inference-worker"));
    // The worker has nothing left to do; stopped, it takes no CPU from the measurement.
    if (worker) {
      worker.child.kill("SIGTERM");
      await worker.exited;
      stack.processes.splice(stack.processes.indexOf(worker), 1);
    }
    const subgraphUrl = (name: string) => {
      const port = stack!.processes.find((p) => p.name === name)!.port;
      return `http://127.0.0.1:${port}/graphql`;
    };

    // The gateway's answer, and the plan's three fetches built from it as the gateway builds them.
    const gatewayRequest = post(client.authHeaders, QUERY, { id: taskId });
    const viaGateway = await postJson<{ task: BenchTask | null }>(stack.gatewayUrl, gatewayRequest);
    const answered = viaGateway.data?.task;
    if (viaGateway.errors || !answered) throw new Error(`gateway: ${JSON.stringify(viaGateway)}`);
    const jobs = answered.autoAnnotationJobs;
    const roles: Role[] = ["ADMIN"];
    const signer = new IdentityAssertionSigner(parseIdentityPrivateKey(keys.privateKey));
    // Signed once per autocannon run (an assertion lives 60 s; keep DURATION_S under that): the baseline carries no signing cost.
    const identity = () => ({
      [IDENTITY_HEADER]: signer.sign({ tenantId: tenant.tenantId, subject: tenant.keyId, roles }),
      "x-prelabel-gateway": "1",
    });
    const direct = () => {
      const headers = identity();
      return {
        requests: [
          post(headers, TASK_FETCH, { id: taskId }),
          post(headers, JOBS_FETCH, { representations: [{ __typename: "Task", id: taskId }] }),
          post(headers, MODELS_FETCH, {
            representations: [...new Set(jobs.map((j) => j.model.id))].map((id) => ({ __typename: "Model", id })),
          }),
        ],
        urls: [subgraphUrl("task"), subgraphUrl("annotation-job"), subgraphUrl("model-registry")],
      };
    };
    // Each subgraph answers its fetch without errors, and the pieces are the gateway's answer.
    const plan = direct();
    const [taskAnswer, jobsAnswer, modelsAnswer] = await Promise.all([
      postJson<{ task: BenchTask }>(plan.urls[0], plan.requests[0]),
      postJson<{ _entities: BenchTask[] }>(plan.urls[1], plan.requests[1]),
      postJson<{ _entities: { name: string }[] }>(plan.urls[2], plan.requests[2]),
    ]);
    for (const a of [taskAnswer, jobsAnswer, modelsAnswer]) if (a.errors || !a.data) throw new Error(`direct fetch: ${JSON.stringify(a)}`);
    if (
      taskAnswer.data?.task.frames.totalCount !== answered.frames.totalCount ||
      jobsAnswer.data?._entities[0].autoAnnotationJobs.length !== jobs.length ||
      modelsAnswer.data?._entities[0].name !== jobs[0].model.name
    ) {
      throw new Error("the direct fetches do not answer what the gateway answered");
    }

    console.log(
      `gateway overhead: task (${answered.frames.totalCount} frames, ${jobs.length} job) → jobs → models, cloud mode; ${DURATION_S} s per measurement, ${ROUNDS} round(s)`,
    );
    const pids = Object.fromEntries(
      ["gateway", "task", "annotation-job", "model-registry"].map((name) => [
        name,
        stack!.processes.find((p) => p.name === name)!.child.pid!,
      ]),
    );
    const cpu = (m: Measured, names: string[]) => names.map((n) => `${n} ${m.cpuPerRequest[n].toFixed(2)}`).join(", ");
    const rows: { connections: number; added: number; ratio: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const connections of [1, CONNECTIONS]) {
        const plan = direct();
        const fetches: Measured[] = [];
        // A fresh assertion for each fetch's run.
        for (let i = 0; i < plan.requests.length; i++) fetches.push(await load(plan.urls[i], direct().requests[i], connections, pids));
        const gateway = await load(stack.gatewayUrl, gatewayRequest, connections, pids);
        const sumP50 = fetches.reduce((s, f) => s + f.p50, 0);
        const sumP99 = fetches.reduce((s, f) => s + f.p99, 0);
        // The plan's work done straight on the subgraphs, one fetch after the other: each costs 1/rate seconds of the machine.
        const plansPerSecond = 1 / fetches.reduce((s, f) => s + 1 / f.perSecond, 0);
        const added = gateway.p50 - sumP50;
        rows.push({ connections, added, ratio: gateway.perSecond / plansPerSecond });
        const names = ["task", "jobs", "models"];
        const subgraphs = ["task", "annotation-job", "model-registry"];
        const directCpu = fetches.reduce((sum, f, i) => sum + f.cpuPerRequest[subgraphs[i]], 0);
        const viaCpu = subgraphs.reduce((sum, name) => sum + gateway.cpuPerRequest[name], 0);
        console.log(
          `  ${connections} connection(s), round ${round} (load average ${loadAverage()}):` +
            `\n    gateway:  p50 ${fmt(gateway.p50)} ms, p99 ${fmt(gateway.p99)} ms, ${gateway.perSecond.toFixed(0)} req/s (n=${gateway.n}, failed ${gateway.failed})` +
            `\n      CPU ms per query: ${cpu(gateway, ["gateway", "task", "annotation-job", "model-registry", "bench"])}` +
            fetches
              .map(
                (f, i) =>
                  `\n    direct ${names[i].padEnd(6)}: p50 ${fmt(f.p50)} ms, p99 ${fmt(f.p99)} ms, ${f.perSecond.toFixed(0)} req/s (n=${f.n}, failed ${f.failed}); CPU ms per fetch: ${cpu(f, [subgraphs[i], "bench"])}`,
              )
              .join("") +
            `\n    direct plan (sum of the three): p50 ${fmt(sumP50)} ms, p99 ≤ ${fmt(sumP99)} ms, ${plansPerSecond.toFixed(0)} plans/s (1 / Σ 1/rate)` +
            `\n    subgraph CPU per plan: direct ${directCpu.toFixed(2)} ms, behind the gateway ${viaCpu.toFixed(2)} ms; the gateway's own ${gateway.cpuPerRequest.gateway.toFixed(2)} ms per query` +
            `\n    added p50 ${fmt(added)} ms; ratio gateway/direct: p50 ${(gateway.p50 / sumP50).toFixed(2)}, req/s ${(gateway.perSecond / plansPerSecond).toFixed(2)}`,
        );
      }
    }
    for (const c of [1, CONNECTIONS]) {
      const mine = rows.filter((r) => r.connections === c);
      console.log(
        `added p50 at ${c} connection(s): ${mine.map((r) => fmt(r.added)).join(", ")} ms; req/s gateway/direct ${mine.map((r) => r.ratio.toFixed(2)).join(", ")}` +
          (c === 1 ? `; target ≤ 2 ms: ${Math.max(...mine.map((r) => r.added)) <= 2 ? "met" : "missed"}` : ""),
      );
    }
  } finally {
    await client?.close();
    await stack?.stop();
    await nats.cleanup().catch(() => undefined);
    await db.drop().catch(() => undefined);
    console.log(`logs in ${logDir}${profileDir ? `; the gateway's CPU profile in ${profileDir}` : ""}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
