import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FrameViewer } from "./frame-viewer.js";
import { annotation, frame, labels } from "./testing/task.fixtures.js";

const all = [
  annotation("r", "RECTANGLE", {
    points: [10, 20, 110, 220],
    score: 0.8731,
    source: "AUTO",
    attributes: [{ name: "age", value: "34" }],
  }),
  annotation("pg", "POLYGON", { labelId: "l-road", points: [0, 400, 640, 400, 640, 480, 0, 480] }),
  annotation("pl", "POLYLINE", { labelId: "l-road", points: [0, 0, 50, 50, 100, 0] }),
  annotation("pt", "POINTS", { points: [5, 5, 15, 15, 25, 25] }),
  annotation("m", "MASK", {
    score: 0.3,
    source: "AUTO",
    mask: { counts: [1, 3, 2], left: 10, top: 20, right: 12, bottom: 21 },
  }),
  annotation("sk", "SKELETON", {
    labelId: "l-body",
    elements: [
      { ...annotation("sk-1", "POINTS", { labelId: "l-body", points: [300, 100] }), label: { id: "l-nose", name: "nose" } },
      { ...annotation("sk-2", "POINTS", { points: [310, 120], outside: true }), label: { id: "l-nose", name: "nose" } },
    ],
  }),
  annotation("tg", "TAG", { labelId: "l-indoor", score: 0.66, source: "AUTO" }),
];

function shapesOf(type: string): Element[] {
  return Array.from(document.querySelectorAll(`svg [data-type="${type}"]`));
}

/** The colour a shape inherits from its label's group. */
function strokeOf(shape: Element): string | null {
  return shape.closest("g[stroke]")?.getAttribute("stroke") ?? null;
}

describe("FrameViewer", () => {
  it("draws every shape type in frame pixel coordinates", () => {
    render(<FrameViewer frame={frame} annotations={all} labels={labels} />);
    const svg = screen.getByRole("group", { name: "Annotations of frame 3" });
    expect(svg).toHaveAttribute("viewBox", "0 0 640 480");
    expect(screen.getByTestId("frame-placeholder")).toHaveAttribute("width", "640");

    // A rectangle, polygon, polyline or mask is one element; points and skeletons are a group of circles.
    const [rect] = shapesOf("RECTANGLE");
    expect(rect.tagName).toBe("rect");
    expect(rect).toHaveAttribute("x", "10");
    expect(rect).toHaveAttribute("height", "200");
    expect(shapesOf("POLYGON")[0]).toHaveAttribute("d", "M0 400 L640 400 L640 480 L0 480 Z");
    expect(shapesOf("POLYLINE")[0]).toHaveAttribute("d", "M0 0 L50 50 L100 0");
    expect(shapesOf("POLYLINE")[0]).toHaveClass("polyline");
    expect(shapesOf("POINTS")[0].querySelectorAll("circle")).toHaveLength(3);
    expect(shapesOf("MASK")[0]).toHaveAttribute("d", "M11 20h2v1h-2zM10 21h1v1h-1z");
    // The outside skeleton point is not drawn.
    const skeletonPoints = shapesOf("SKELETON")[0].querySelectorAll('[data-type="SKELETON_POINT"] circle');
    expect(skeletonPoints).toHaveLength(1);
    expect(skeletonPoints[0]).toHaveAttribute("cx", "300");
    // Tags are listed beside the frame, not drawn.
    expect(shapesOf("TAG")).toHaveLength(0);
    expect(within(screen.getByRole("region", { name: "Tags" })).getByText(/indoor/)).toHaveTextContent("indoor (0.66)");
  });

  it("colours shapes by label", () => {
    render(<FrameViewer frame={frame} annotations={all} labels={labels} />);
    const [face] = shapesOf("RECTANGLE");
    const [road] = shapesOf("POLYGON");
    expect(strokeOf(face)).toMatch(/^hsl/);
    expect(strokeOf(face)).toBe(strokeOf(shapesOf("POINTS")[0]));
    expect(strokeOf(face)).not.toBe(strokeOf(road));
    // One group per label carries the colour; the shapes themselves have no colour attributes.
    const layer = document.querySelector("g.frame-viewer-shapes")!;
    expect(layer.querySelectorAll(":scope > g[fill][stroke]")).toHaveLength(3);
    for (const shape of layer.querySelectorAll('[role="img"]')) {
      expect(shape).not.toHaveAttribute("stroke");
      expect(shape).not.toHaveAttribute("fill");
    }
  });

  it("draws occluded shapes dashed (by class) and names every shape by label, type and score", () => {
    const occluded = annotation("o", "RECTANGLE", { points: [0, 0, 5, 5], occluded: true, score: 0.9345, source: "AUTO" });
    render(<FrameViewer frame={frame} annotations={[...all, occluded]} labels={labels} />);
    expect(screen.getByRole("img", { name: "face rectangle, score 0.93" })).toHaveClass("occluded");
    expect(screen.getByRole("img", { name: "face rectangle, score 0.87" })).not.toHaveClass("occluded");
    expect(screen.getAllByRole("img").map((e) => e.getAttribute("aria-label"))).toEqual([
      "face rectangle, score 0.87",
      "face points",
      "face mask, score 0.30",
      "face rectangle, score 0.93",
      "road polygon",
      "road polyline",
      "body skeleton",
    ]);
  });

  it("shows label, score and attributes on hover and on keyboard focus", async () => {
    const user = userEvent.setup();
    render(<FrameViewer frame={frame} annotations={all} labels={labels} />);
    const details = screen.getByRole("region", { name: "Shape details" });
    await user.hover(screen.getByRole("img", { name: "face rectangle, score 0.87" }));
    expect(within(details).getByText("0.87")).toBeInTheDocument();
    expect(within(details).getByText("age")).toBeInTheDocument();
    expect(within(details).getByText("34")).toBeInTheDocument();

    // Keyboard only: tab past the filters to the shapes, then an arrow key to the polygon.
    const rectangle = screen.getByRole("img", { name: "face rectangle, score 0.87" });
    for (let i = 0; i < 20 && document.activeElement !== rectangle; i++) await user.tab();
    expect(rectangle).toHaveFocus();
    const polygon = screen.getByRole("img", { name: "road polygon" });
    for (let i = 0; i < 3; i++) await user.keyboard("{ArrowRight}");
    expect(polygon).toHaveFocus();
    expect(within(details).getByText("road")).toBeInTheDocument();
    expect(within(details).getByText("none")).toBeInTheDocument();
  });

  it("puts one shape in the tab order and moves between shapes with the arrow keys, Home and End", async () => {
    const user = userEvent.setup();
    render(<FrameViewer frame={frame} annotations={all} labels={labels} />);
    const shapes = screen.getAllByRole("img");
    expect(shapes).toHaveLength(6);
    expect(shapes.filter((s) => s.getAttribute("tabindex") === "0")).toEqual([shapes[0]]);
    expect(shapes.slice(1).every((s) => s.getAttribute("tabindex") === "-1")).toBe(true);
    expect(screen.getByRole("group", { name: "Annotations of frame 3" })).toHaveAccessibleDescription(/arrow keys move between shapes/);

    for (let i = 0; i < 20 && document.activeElement !== shapes[0]; i++) await user.tab();
    expect(shapes[0]).toHaveFocus();
    const details = screen.getByRole("region", { name: "Shape details" });
    await user.keyboard("{ArrowRight}");
    expect(shapes[1]).toHaveFocus();
    expect(within(details).getByText("POINTS")).toBeInTheDocument();
    await user.keyboard("{ArrowDown}");
    expect(shapes[2]).toHaveFocus();
    await user.keyboard("{ArrowLeft}{ArrowUp}{ArrowUp}");
    expect(shapes[0]).toHaveFocus(); // no wrapping at the ends
    await user.keyboard("{End}");
    expect(shapes[5]).toHaveFocus();
    expect(within(details).getByText("SKELETON")).toBeInTheDocument();
    await user.keyboard("{ArrowRight}");
    expect(shapes[5]).toHaveFocus();
    await user.keyboard("{Home}");
    expect(shapes[0]).toHaveFocus();
    await user.keyboard("{End}");

    // The tab stop follows the focus: Tab leaves the shapes at once (to the tags beside the frame), Shift+Tab comes
    // back to the last shape focused.
    expect(shapes.filter((s) => s.getAttribute("tabindex") === "0")).toEqual([shapes[5]]);
    await user.tab();
    expect(within(screen.getByRole("region", { name: "Tags" })).getByRole("listitem")).toHaveFocus();
    await user.tab({ shift: true });
    expect(shapes[5]).toHaveFocus();

    // Hidden by a filter, the shape gives the tab stop back to the first shape drawn.
    await user.click(screen.getByRole("checkbox", { name: "body" }));
    expect(screen.getAllByRole("img").filter((s) => s.getAttribute("tabindex") === "0")).toEqual([shapes[0]]);
  });

  it("hides shapes by label, by source and below the minimum score", async () => {
    const user = userEvent.setup();
    render(<FrameViewer frame={frame} annotations={all} labels={labels} />);
    await user.click(screen.getByRole("checkbox", { name: "road" }));
    expect(shapesOf("POLYGON")).toHaveLength(0);
    expect(shapesOf("POLYLINE")).toHaveLength(0);
    expect(shapesOf("RECTANGLE")).toHaveLength(1);

    await user.click(screen.getByRole("checkbox", { name: "Manual" }));
    expect(shapesOf("POINTS")).toHaveLength(0);
    expect(shapesOf("MASK")).toHaveLength(1);

    fireEvent.change(screen.getByRole("slider", { name: /Minimum score/ }), { target: { value: "0.5" } });
    expect(shapesOf("MASK")).toHaveLength(0);
    expect(shapesOf("RECTANGLE")).toHaveLength(1);
    expect(screen.getByText("2 of 7 annotations shown")).toBeInTheDocument();
  });

  it("draws the image when a URL is given, and explains a frame without a size", () => {
    const { container, rerender } = render(<FrameViewer frame={frame} annotations={[]} labels={labels} imageUrl="/frames/3.jpg" />);
    expect(container.querySelector("image")).toHaveAttribute("href", "/frames/3.jpg");
    rerender(<FrameViewer frame={{ ...frame, width: null, height: null }} annotations={all} labels={labels} />);
    expect(screen.getByRole("note")).toHaveTextContent("not a readable image");
  });
});
