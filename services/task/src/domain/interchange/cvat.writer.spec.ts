import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SaxesParser } from "saxes";
import { writeCvatImages } from "./cvat.writer.js";
import { collect, FIXTURE_FRAMES, fixtureSource } from "./export.fixture.js";

interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A plain tree with saxes (a strict, namespace-free parse: malformed XML throws). */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const root: XmlNode = { name: "#document", attributes: {}, children: [], text: "" };
  const stack = [root];
  parser.on("opentag", (tag) => {
    const node: XmlNode = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: "" };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  });
  parser.on("text", (t) => (stack[stack.length - 1].text += t));
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  assert.equal(root.children.length, 1);
  return root.children[0];
}

const child = (node: XmlNode, name: string) => node.children.find((c) => c.name === name);
const children = (node: XmlNode, name: string) => node.children.filter((c) => c.name === name);
const textOf = (node: XmlNode | undefined) => node?.text.trim();

/** The element structure CVAT documents for "CVAT for images 1.1" (docs.cvat.ai, XML annotation format). */
const SHAPE_ATTRIBUTES: Record<string, string[]> = {
  box: ["label", "source", "occluded", "xtl", "ytl", "xbr", "ybr", "z_order"],
  polygon: ["label", "source", "occluded", "points", "z_order"],
  polyline: ["label", "source", "occluded", "points", "z_order"],
  points: ["label", "source", "occluded", "points", "z_order"],
  mask: ["label", "source", "occluded", "rle", "left", "top", "width", "height", "z_order"],
  skeleton: ["label", "source", "occluded", "z_order"],
  tag: ["label", "source"],
};

describe("CVAT for images 1.1 writer", () => {
  it("writes CVAT's element structure: version, meta/task/labels, images with their shapes", async () => {
    const root = parseXml(await collect(writeCvatImages(fixtureSource())));
    assert.equal(root.name, "annotations");
    assert.equal(textOf(child(root, "version")), "1.1");
    const task = child(child(root, "meta")!, "task")!;
    assert.equal(textOf(child(task, "name")), "fixture <task>");
    assert.equal(textOf(child(task, "size")), "3");
    const labels = children(child(task, "labels")!, "label");
    assert.deepEqual(
      labels.map((l) => [textOf(child(l, "name")), textOf(child(l, "type")), textOf(child(l, "parent"))]),
      [
        ["car", "rectangle", undefined],
        ["lake", "polygon", undefined],
        ["lane", "polyline", undefined],
        ["eyes", "points", undefined],
        ["road", "mask", undefined],
        ["person", "skeleton", undefined],
        ["head", "points", "person"],
        ["foot", "points", "person"],
        ["hand", "points", "person"],
        ["sunny & <dry>", "tag", undefined],
      ],
    );
    assert.ok(child(labels[5], "svg")!.text.includes('data-label-name="head"'));
    const color = child(child(labels[0], "attributes")!, "attribute")!;
    assert.deepEqual(
      color.children.map((c) => c.name),
      ["name", "mutable", "input_type", "default_value", "values"],
    );
    assert.equal(textOf(child(color, "input_type")), "select");
    assert.deepEqual(child(color, "values")!.text.split("\n"), ["red", "blue"]);

    const images = children(root, "image");
    assert.deepEqual(
      images.map((i) => i.attributes),
      FIXTURE_FRAMES.map((f, id) => ({ id: String(id), name: f.name, width: String(f.width), height: String(f.height) })),
    );
    for (const image of images) {
      for (const shape of image.children) {
        assert.deepEqual(Object.keys(shape.attributes).sort(), [...SHAPE_ATTRIBUTES[shape.name]].sort(), shape.name);
        assert.ok(["manual", "auto"].includes(shape.attributes.source));
      }
    }
    assert.deepEqual(
      images[0].children.map((c) => c.name),
      ["box", "polygon", "polyline", "points"],
    );
    const box = images[0].children[0];
    assert.deepEqual(
      [box.attributes.xtl, box.attributes.ytl, box.attributes.xbr, box.attributes.ybr, box.attributes.occluded, box.attributes.source],
      ["10", "5", "30.5", "25", "1", "auto"],
    );
    assert.deepEqual(
      children(box, "attribute").map((a) => [a.attributes.name, a.text]),
      [
        ["color", "blue"],
        ["note", 'a "quoted" <note> & more'],
      ],
    );
    assert.equal(images[0].children[1].attributes.points, "0,0;10,0;10,10;0,10");
    assert.equal(images[0].children[3].attributes.points, "3,4;6,4");
    const [mask, skeleton, tag] = images[1].children;
    assert.deepEqual(
      [mask.name, mask.attributes.rle, mask.attributes.left, mask.attributes.top, mask.attributes.width, mask.attributes.height],
      ["mask", "1, 3, 2", "2", "1", "3", "2"],
    );
    assert.equal(skeleton.name, "skeleton");
    assert.deepEqual(
      children(skeleton, "points").map((p) => [p.attributes.label, p.attributes.points, p.attributes.occluded, p.attributes.outside]),
      [
        ["head", "5,2", "0", "0"],
        ["foot", "6,9", "1", "0"],
        ["hand", "1,1", "0", "1"],
      ],
    );
    assert.deepEqual([tag.name, tag.attributes.label], ["tag", "sunny & <dry>"]);
    assert.equal(images[2].children.length, 0);
  });
});
