import { useId, useMemo, useState } from "react";
import { ALL_SOURCES, defaultAnnotationFilter, filterAnnotations, type AnnotationFilter } from "./annotation.filter.js";
import { labelColor } from "./label-color.js";
import { formatScore, ShapeLayer } from "./shape-layer.js";
import type { Annotation, AnnotationSource, Frame, Label } from "./task.api.js";

export interface FrameViewerProps {
  frame: Frame;
  annotations: readonly Annotation[];
  labels: readonly Label[];
  /**
   * The frame's image (a data: URL from `Frame.image`), stretched over the frame's width × height so shapes in frame
   * pixels sit on it whatever size it was rendered at. Without one (loading, or not a readable image) the frame is a
   * placeholder box; the shapes over it are still exact.
   */
  imageUrl?: string;
}

const SOURCE_NAMES: Record<AnnotationSource, string> = { AUTO: "Automatic", MANUAL: "Manual" };

/** A frame with every annotation drawn over it in frame pixel coordinates, with filters and shape details. */
export function FrameViewer({ frame, annotations, labels, imageUrl }: FrameViewerProps) {
  const [filter, setFilter] = useState<AnnotationFilter>(defaultAnnotationFilter);
  const [activeId, setActiveId] = useState<string | null>(null);
  const visible = useMemo(() => filterAnnotations(annotations, filter), [annotations, filter]);
  const tags = visible.filter((a) => a.type === "TAG");
  const shapes = useMemo(() => visible.filter((a) => a.type !== "TAG"), [visible]);
  const active = visible.find((a) => a.id === activeId) ?? null;
  const { width, height } = frame;
  const keysHint = useId();

  const toggleLabel = (id: string, shown: boolean) =>
    setFilter((f) => {
      const hidden = new Set(f.hiddenLabelIds);
      if (shown) hidden.delete(id);
      else hidden.add(id);
      return { ...f, hiddenLabelIds: hidden };
    });
  const toggleSource = (source: AnnotationSource, shown: boolean) =>
    setFilter((f) => {
      const sources = new Set(f.sources);
      if (shown) sources.add(source);
      else sources.delete(source);
      return { ...f, sources };
    });

  return (
    <section className="frame-viewer" aria-label={`Frame ${frame.index}: ${frame.name}`}>
      <form className="frame-viewer-filters" aria-label="Annotation filters" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Labels</legend>
          {labels.map((label) => (
            <label key={label.id}>
              <input
                type="checkbox"
                checked={!filter.hiddenLabelIds.has(label.id)}
                onChange={(e) => toggleLabel(label.id, e.target.checked)}
              />
              <span className="label-swatch" style={{ background: labelColor(label.name) }} aria-hidden="true" />
              {label.name}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Source</legend>
          {ALL_SOURCES.map((source) => (
            <label key={source}>
              <input type="checkbox" checked={filter.sources.has(source)} onChange={(e) => toggleSource(source, e.target.checked)} />
              {SOURCE_NAMES[source]}
            </label>
          ))}
        </fieldset>
        <label>
          Minimum score
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={filter.minScore}
            onChange={(e) => setFilter((f) => ({ ...f, minScore: Number(e.target.value) }))}
          />
          <output>{filter.minScore.toFixed(2)}</output>
        </label>
      </form>

      {width && height ? (
        <svg
          className="frame-viewer-canvas"
          role="group"
          aria-label={`Annotations of frame ${frame.index}`}
          aria-describedby={shapes.length ? keysHint : undefined}
          viewBox={`0 0 ${width} ${height}`}
          preserveAspectRatio="xMidYMid meet"
          style={{ width: "100%", maxHeight: "80vh" }}
        >
          {imageUrl ? (
            <image data-testid="frame-image" href={imageUrl} x={0} y={0} width={width} height={height} preserveAspectRatio="none" />
          ) : (
            <rect data-testid="frame-placeholder" x={0} y={0} width={width} height={height} fill="#d9d9d9" />
          )}
          <ShapeLayer shapes={shapes} frameSize={Math.max(width, height)} onActivate={setActiveId} />
        </svg>
      ) : (
        <p role="note" className="frame-viewer-canvas">
          This frame is not a readable image: its shapes cannot be placed.
        </p>
      )}

      <aside className="frame-viewer-side">
        <section aria-label="Tags">
          <h4>Tags</h4>
          {tags.length ? (
            <ul>
              {tags.map((tag) => (
                <li
                  key={tag.id}
                  tabIndex={0}
                  style={{ borderLeft: `4px solid ${labelColor(tag.label.name)}` }}
                  onMouseEnter={() => setActiveId(tag.id)}
                  onFocus={() => setActiveId(tag.id)}
                >
                  {tag.label.name}
                  {tag.score === null ? null : ` (${formatScore(tag.score)})`}
                </li>
              ))}
            </ul>
          ) : (
            <p>No tags</p>
          )}
        </section>
        <section aria-label="Shape details" aria-live="polite">
          <h4>Shape</h4>
          {active ? <ShapeDetails annotation={active} /> : <p>Point at or focus a shape to see its details.</p>}
        </section>
        <p>
          {visible.length} of {annotations.length} annotations shown
        </p>
        {shapes.length ? (
          <p id={keysHint} className="frame-viewer-keys">
            Tab reaches one shape; arrow keys move between shapes, Home and End go to the first and last.
          </p>
        ) : null}
      </aside>
    </section>
  );
}

function ShapeDetails({ annotation }: { annotation: Annotation }) {
  return (
    <dl>
      <dt>Label</dt>
      <dd>{annotation.label.name}</dd>
      <dt>Type</dt>
      <dd>{annotation.type}</dd>
      <dt>Score</dt>
      <dd>{formatScore(annotation.score)}</dd>
      <dt>Source</dt>
      <dd>{SOURCE_NAMES[annotation.source]}</dd>
      {annotation.attributes.map((attr) => (
        <Attribute key={attr.name} name={attr.name} value={attr.value} />
      ))}
    </dl>
  );
}

function Attribute({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </>
  );
}
