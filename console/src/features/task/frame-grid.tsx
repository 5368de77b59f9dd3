import { useState } from "react";
import { useQuery } from "urql";
import { FRAME_PAGE_SIZE, TaskFramesQuery, type GridFrame } from "./task.api.js";

export interface FrameGridProps {
  taskId: string;
  selected: number | null;
  onSelect: (frame: GridFrame) => void;
}

/** The task's frames as thumbnails, a page at a time: never more than the pages asked for are fetched. */
export function FrameGrid({ taskId, selected, onSelect }: FrameGridProps) {
  // One entry per page loaded: the cursor it starts after (null: the first page).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <ul className="frame-grid" aria-label="Frames">
      {cursors.map((after, i) => (
        <FramePage
          key={after ?? ""}
          taskId={taskId}
          after={after}
          isLast={i === cursors.length - 1}
          selected={selected}
          onSelect={onSelect}
          onLoadMore={(next) => setCursors((list) => (list.includes(next) ? list : [...list, next]))}
        />
      ))}
    </ul>
  );
}

interface FramePageProps extends Omit<FrameGridProps, "taskId"> {
  taskId: string;
  after: string | null;
  isLast: boolean;
  onLoadMore: (after: string) => void;
}

function FramePage({ taskId, after, isLast, selected, onSelect, onLoadMore }: FramePageProps) {
  const [{ data, fetching, error }] = useQuery({
    query: TaskFramesQuery,
    variables: { id: taskId, first: FRAME_PAGE_SIZE, after },
    // Uploads go around the GraphQL client, so its cache never learns of new frames: a page mounted after an upload
    // (the grid is keyed by the task's size) must ask the server, not show the cached page from before.
    requestPolicy: "cache-and-network",
  });
  if (fetching && !data) return <li className="frame-grid-status">Loading frames…</li>;
  if (error) return <li role="alert">Frames could not be loaded: {error.message}</li>;
  const connection = data?.task?.frames;
  if (!connection) return null;
  if (after === null && connection.totalCount === 0) return <li className="frame-grid-status">No frames yet</li>;
  const { hasNextPage, endCursor } = connection.pageInfo;
  return (
    <>
      {connection.edges.map(({ node }) => (
        <li key={node.index}>
          <FrameThumbnail frame={node} selected={node.index === selected} onSelect={onSelect} />
        </li>
      ))}
      {isLast && hasNextPage && endCursor ? (
        <li className="frame-grid-more">
          <button type="button" onClick={() => onLoadMore(endCursor)}>
            Load more frames
          </button>
          <span> ({connection.totalCount} in all)</span>
        </li>
      ) : null}
    </>
  );
}

/** The frame's thumbnail (a box with its proportions when it is not a readable image), index and name. */
function FrameThumbnail({ frame, selected, onSelect }: { frame: GridFrame; selected: boolean; onSelect: (frame: GridFrame) => void }) {
  const size = frame.width && frame.height ? `${frame.width}×${frame.height}` : "not an image";
  return (
    <button
      type="button"
      className="frame-thumbnail"
      aria-pressed={selected}
      aria-label={`Frame ${frame.index}: ${frame.name} (${size})`}
      onClick={() => onSelect(frame)}
    >
      <span
        className="frame-thumbnail-box"
        aria-hidden="true"
        style={{ aspectRatio: frame.width && frame.height ? `${frame.width} / ${frame.height}` : "1" }}
      >
        {frame.thumbnail ? (
          <img
            src={frame.thumbnail.dataUrl}
            width={frame.thumbnail.width}
            height={frame.thumbnail.height}
            alt=""
            style={{ display: "block", width: "100%", height: "100%", objectFit: "contain" }}
          />
        ) : (
          size
        )}
      </span>
      <span className="frame-thumbnail-name">
        #{frame.index} {frame.name}
      </span>
    </button>
  );
}
