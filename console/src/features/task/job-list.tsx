import type { ReactNode } from "react";
import type { AutoAnnotationJob } from "./task.api.js";

export interface JobListProps {
  jobs: readonly AutoAnnotationJob[];
  /** Slot for a live progress bar on unfinished jobs (the auto-annotation feature's). */
  renderProgress?: (job: AutoAnnotationJob) => ReactNode;
}

const FINISHED = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/** The task's automatic annotation jobs, newest first: status, counts, failures by frame and the mapping used. */
export function JobList({ jobs, renderProgress }: JobListProps) {
  if (!jobs.length) return <p>No automatic annotation has run on this task.</p>;
  return (
    <ol className="job-list" aria-label="Automatic annotation jobs">
      {jobs.map((job) => (
        <li key={job.id} aria-label={`Job ${job.id}`}>
          <p>
            <strong>{job.model.name}</strong> <span className={`job-status job-status-${job.status}`}>{job.status}</span>
            {job.failureCode ? ` (${job.failureCode}${job.failureReason ? `: ${job.failureReason}` : ""})` : null}
          </p>
          <p>
            {job.framesDone} done, {job.framesFailed} failed of {job.framesTotal} frames; threshold {job.threshold.toFixed(2)}
            {job.thresholds.length
              ? `; per-class thresholds ${job.thresholds.map((t) => `${t.taskLabel} ${t.threshold.toFixed(2)}`).join(", ")}`
              : ""}
            {job.tiling ? `; tiles of ${job.tiling.tileSize} px (overlap ${job.tiling.overlap}, ${job.tiling.merge})` : ""}
            {job.reviewBelow === null ? "" : `; flag for review below ${job.reviewBelow.toFixed(2)}`}
            {job.convertMasksToPolygons ? "; masks as polygons" : ""}
            {job.cleanOldAnnotations ? "; old annotations replaced" : ""}
          </p>
          {!FINISHED.has(job.status) && renderProgress ? renderProgress(job) : null}
          {job.needsReviewCount ? (
            <p>
              <strong>{job.needsReviewCount}</strong> {job.needsReviewCount === 1 ? "result" : "results"} flagged for review
            </p>
          ) : null}
          {job.unmappedDetections || job.droppedAttributeValues ? (
            <p>
              {job.unmappedDetections} detections of unmapped labels and {job.droppedAttributeValues} attribute values dropped
            </p>
          ) : null}
          {job.failures.length ? (
            <details>
              <summary>{job.failures.length} failed frames</summary>
              <ul aria-label="Failed frames">
                {job.failures.map((f) => (
                  <li key={f.frame}>
                    Frame {f.frame}: <code>{f.code}</code> {f.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <details>
            <summary>Label mapping</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Model label</th>
                  <th scope="col">Task label</th>
                  <th scope="col">Attributes and points</th>
                </tr>
              </thead>
              <tbody>
                {job.mapping.map((m) => (
                  <tr key={m.modelLabel}>
                    <td>{m.modelLabel}</td>
                    <td>{m.taskLabel}</td>
                    <td>
                      {[
                        ...m.attributes.map((a) => `${a.modelAttribute} → ${a.taskAttribute}`),
                        ...m.sublabels.map((s) => `${s.modelLabel} → ${s.taskLabel}`),
                      ].join(", ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </li>
      ))}
    </ol>
  );
}
