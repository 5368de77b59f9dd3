import { setTimeout as sleep } from "node:timers/promises";
import type { GraphQLTestClient } from "@prelabel/testing";
import { JOB, TASK_ANNOTATIONS } from "./operations.js";

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

export interface WaitForJobOptions {
  /** The state to wait for; default: a terminal status. */
  until?: (job: any) => boolean;
  timeoutMs?: number;
  pollMs?: number;
  /** The job query to poll (default: operations' JOB). */
  query?: string;
  /** Polls answered SERVICE_UNAVAILABLE are retried (a subgraph restarting); any other error fails. */
  tolerateUnavailable?: boolean;
  /** Named in the timeout error, e.g. the system's log directory. */
  logDir?: string;
}

/** Polls `autoAnnotationJob(id)` through the gateway until `until` holds; returns that state. */
export async function waitForJob(client: GraphQLTestClient, jobId: string, options: WaitForJobOptions = {}): Promise<any> {
  const until = options.until ?? ((job: any) => TERMINAL_STATUSES.has(job.status));
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let last: any;
  for (;;) {
    const res = await client.request(options.query ?? JOB, { id: jobId });
    const unavailable =
      options.tolerateUnavailable && res.errors?.length && res.errors.every((e: any) => e.extensions?.code === "SERVICE_UNAVAILABLE");
    if (res.errors?.length && !unavailable) throw new Error(`polling job ${jobId}: ${JSON.stringify(res.errors)}`);
    if (!unavailable) {
      last = res.data!.autoAnnotationJob;
      if (until(last)) return last;
    }
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} still ${last?.status ?? "unreadable"}${options.logDir ? `; logs in ${options.logDir}` : ""}`);
    await sleep(options.pollMs ?? 200);
  }
}

/** Every annotation of a task, following the connection's pages. */
export async function allAnnotations(client: GraphQLTestClient, taskId: string): Promise<any[]> {
  const out: any[] = [];
  let after: string | undefined;
  for (;;) {
    const { task } = await client.must(TASK_ANNOTATIONS, { id: taskId, after });
    out.push(...task.annotations.edges.map((e: any) => e.node));
    if (!task.annotations.pageInfo.hasNextPage) return out;
    after = task.annotations.pageInfo.endCursor;
  }
}
