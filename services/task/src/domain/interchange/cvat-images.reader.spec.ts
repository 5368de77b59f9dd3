import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "@prelabel/service-kit";
import { AttributeInputType, ShapeType } from "../label-types.js";
import { readCvatImages } from "./cvat-images.reader.js";
import type { InterchangeShape } from "./interchange.js";
import type { ByteSource } from "./interchange-reader.js";

const chunked =
  (text: string, size = 11): ByteSource =>
  async function* () {
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };

/** CVAT for images 1.1 as CVAT writes it (docs.cvat.ai, "XML annotation format"): meta with labels, then images. */
const CVAT_XML = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta>
    <task>
      <id>12</id>
      <name>streets</name>
      <size>2</size>
      <mode>annotation</mode>
      <labels>
        <label>
          <name>car</name>
          <color>#fa3253</color>
          <type>rectangle</type>
          <attributes>
            <attribute>
              <name>color</name>
              <mutable>False</mutable>
              <input_type>select</input_type>
              <default_value>red</default_value>
              <values>red
blue</values>
            </attribute>
            <attribute>
              <name>speed</name>
              <mutable>True</mutable>
              <input_type>number</input_type>
              <default_value>0</default_value>
              <values>0
200
1</values>
            </attribute>
          </attributes>
        </label>
        <label><name>road</name><color>#33ddff</color><type>mask</type><attributes></attributes></label>
        <label><name>lane</name><color>#ff00cc</color><type>polyline</type><attributes></attributes></label>
        <label><name>area</name><color>#aabbcc</color><type>polygon</type><attributes></attributes></label>
        <label><name>sign</name><color>#aa00cc</color><type>points</type><attributes></attributes></label>
        <label><name>person</name><color>#00ff00</color><type>skeleton</type><attributes></attributes><svg>&lt;circle r="1.5" data-label-name="head"&gt;&lt;/circle&gt;</svg></label>
        <label><name>head</name><color>#d12345</color><type>points</type><attributes></attributes><parent>person</parent></label>
        <label><name>foot</name><color>#350dea</color><type>points</type><attributes></attributes><parent>person</parent></label>
        <label><name>night</name><color>#000000</color><type>tag</type><attributes></attributes></label>
      </labels>
    </task>
    <dumped>2026-12-01 10:00:00.000000+00:00</dumped>
  </meta>
  <image id="0" name="street.jpg" width="64" height="48">
    <box label="car" source="manual" occluded="1" xtl="10.50" ytl="4.00" xbr="30.50" ybr="16.25" z_order="0">
      <attribute name="color">blue</attribute>
      <attribute name="speed">40</attribute>
    </box>
    <polygon label="area" source="manual" occluded="0" points="1.00,1.00;10.00,1.00;10.00,10.00" z_order="1">
    </polygon>
    <polyline label="lane" source="manual" occluded="0" points="0.00,40.00;63.00,41.50" z_order="0">
    </polyline>
    <points label="sign" source="manual" occluded="0" points="5.00,5.00;6.00,7.00" z_order="0">
    </points>
    <mask label="road" source="semi-auto" occluded="0" rle="0, 2, 2, 2, 5, 1" left="1" top="1" width="4" height="3" z_order="0">
    </mask>
    <skeleton label="person" source="manual" z_order="0">
      <points label="head" source="manual" outside="0" occluded="0" points="12.00,8.00">
      </points>
      <points label="foot" source="manual" outside="1" occluded="0" points="0.00,0.00">
      </points>
    </skeleton>
    <tag label="night" source="manual">
    </tag>
  </image>
  <image id="1" name="empty/next.jpg" width="640" height="480">
  </image>
</annotations>
`;

async function all(source: ByteSource) {
  const doc = await readCvatImages(source);
  const shapes: InterchangeShape[] = [];
  for await (const s of doc.shapes()) shapes.push(s);
  return { header: doc.header, shapes };
}

async function refusal(text: string): Promise<AppError> {
  try {
    await all(chunked(text));
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, "INVALID_ANNOTATION_FILE");
    return err;
  }
  assert.fail("the file was accepted");
}

describe("readCvatImages", () => {
  it("reads meta's labels (attributes with their values, skeleton points under their skeleton) and the images", async () => {
    const { header } = await all(chunked(CVAT_XML));
    assert.deepEqual(
      header.labels.map((l) => [l.name, l.type, l.sublabels.map((s) => `${s.name}:${s.type}`)]),
      [
        ["car", ShapeType.RECTANGLE, []],
        ["road", ShapeType.MASK, []],
        ["lane", ShapeType.POLYLINE, []],
        ["area", ShapeType.POLYGON, []],
        ["sign", ShapeType.POINTS, []],
        ["person", ShapeType.SKELETON, ["head:POINTS", "foot:POINTS"]],
        ["night", ShapeType.TAG, []],
      ],
    );
    assert.deepEqual(header.labels[0].attributes, [
      { name: "color", inputType: AttributeInputType.SELECT, values: ["red", "blue"], defaultValue: "red" },
      { name: "speed", inputType: AttributeInputType.NUMBER, values: ["0", "200", "1"], defaultValue: "0" },
    ]);
    assert.deepEqual(header.frames, [
      { index: null, name: "street.jpg", width: 64, height: 48 },
      { index: null, name: "empty/next.jpg", width: 640, height: 480 },
    ]);
  });

  it("reads every shape kind with its attributes, occlusion and skeleton points", async () => {
    const { shapes } = await all(chunked(CVAT_XML));
    assert.deepEqual(
      shapes.map((s) => [s.frameName, s.label, s.type]),
      [
        ["street.jpg", "car", ShapeType.RECTANGLE],
        ["street.jpg", "area", ShapeType.POLYGON],
        ["street.jpg", "lane", ShapeType.POLYLINE],
        ["street.jpg", "sign", ShapeType.POINTS],
        ["street.jpg", "road", ShapeType.MASK],
        ["street.jpg", "person", ShapeType.SKELETON],
        ["street.jpg", "night", ShapeType.TAG],
      ],
    );
    const [box, polygon, polyline, points, mask, skeleton, tag] = shapes;
    assert.deepEqual(box.points, [10.5, 4, 30.5, 16.25]);
    assert.equal(box.occluded, true);
    assert.deepEqual(box.attributes, [
      { name: "color", value: "blue" },
      { name: "speed", value: "40" },
    ]);
    assert.deepEqual(polygon.points, [1, 1, 10, 1, 10, 10]);
    assert.deepEqual(polyline.points, [0, 40, 63, 41.5]);
    assert.deepEqual(points.points, [5, 5, 6, 7]);
    assert.deepEqual(mask.mask, { counts: [0, 2, 2, 2, 5, 1], left: 1, top: 1, right: 4, bottom: 3 });
    assert.deepEqual(
      skeleton.elements.map((e) => [e.label, e.type, e.points, e.outside]),
      [
        ["head", ShapeType.POINTS, [12, 8], false],
        ["foot", ShapeType.POINTS, [0, 0], true],
      ],
    );
    assert.deepEqual(tag.points, []);
    assert.ok(shapes.every((s) => !s.unsupported && s.source === "MANUAL"));
  });

  it("marks a rotated box and a cuboid unsupported instead of inventing a shape", async () => {
    const xml = `<annotations><image id="0" name="a.jpg" width="10" height="10">
      <box label="car" occluded="0" xtl="1" ytl="1" xbr="3" ybr="3" rotation="30"></box>
      <cuboid label="car" occluded="0" xtl1="1" ytl1="1"></cuboid></image></annotations>`;
    const { shapes } = await all(chunked(xml));
    assert.deepEqual(
      shapes.map((s) => s.unsupported),
      ["a box rotated by 30°", "a <cuboid>"],
    );
  });

  it("refuses malformed XML with its line, NaN coordinates, bad masks and video tracks", async () => {
    const broken = await refusal(`<annotations>\n<image id="0" name="a.jpg">\n<box label="car" xtl="1"></polygon></image></annotations>`);
    assert.equal(broken.details?.line, 3);
    assert.match(broken.message, /3:\d+/);
    const image = (inner: string) => `<annotations><image id="0" name="a.jpg" width="10" height="10">${inner}</image></annotations>`;
    assert.match((await refusal(image(`<box label="car" xtl="NaN" ytl="1" xbr="2" ybr="2"/>`))).message, /xtl is not a finite number/);
    assert.match((await refusal(image(`<polygon label="car" points="1,2;3"/>`))).message, /"3" is not "x,y"/);
    assert.match((await refusal(image(`<mask label="road" rle="1, 2" left="0" top="0" width="2" height="2"/>`))).message, /covers 3 pixels/);
    assert.match((await refusal(image(`<box xtl="1" ytl="1" xbr="2" ybr="2"/>`))).message, /has no label/);
    assert.match((await refusal(`<annotations><track id="0" label="car"></track></annotations>`)).message, /CVAT for video/);
    assert.match((await refusal(`<root></root>`)).message, /not <annotations>/);
    await refusal(`<annotations><image name="a.jpg">`);
  });
});
