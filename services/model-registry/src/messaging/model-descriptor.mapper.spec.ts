import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AttributeInputType, DescribeModelReplySchema, fromBinary, ModelKind, ShapeType, toBinary } from "@prelabel/proto";
import type { Model } from "../domain/model.js";
import { toDescribeModelReply } from "./model-descriptor.mapper.js";

const model: Model = {
  id: "people",
  name: "People",
  description: "d",
  source: "UPLOAD",
  kind: "DETECTOR",
  labels: [
    {
      name: "person",
      type: "SKELETON",
      attributes: [
        { name: "pose", inputType: "SELECT", values: ["standing", "sitting"], defaultValue: "standing" },
        { name: "note", inputType: "TEXT", values: [], defaultValue: null },
      ],
      sublabels: [{ name: "nose", type: "POINTS", attributes: [], sublabels: [] }],
    },
  ],
  defaultThreshold: 0.25,
  returnsMasks: false,
  inputSize: null,
  preprocessing: null,
  runtime: "catalog:people",
};

describe("describe-model reply", () => {
  it("maps the domain model onto model.v1.ModelDescriptor and survives the wire", () => {
    const reply = fromBinary(DescribeModelReplySchema, toBinary(DescribeModelReplySchema, toDescribeModelReply(model)));
    const d = reply.model;
    assert.ok(d);
    assert.equal(d.id, "people");
    assert.equal(d.kind, ModelKind.DETECTOR);
    assert.equal(d.runtime, "catalog:people");
    assert.equal(d.returnsMasks, false);
    assert.ok(Math.abs(d.defaultThreshold - 0.25) < 1e-7);
    const person = d.labels[0];
    assert.equal(person?.type, ShapeType.SKELETON);
    assert.equal(person?.sublabels[0]?.type, ShapeType.POINTS);
    assert.equal(person?.attributes[0]?.inputType, AttributeInputType.SELECT);
    assert.deepEqual(person?.attributes[0]?.values, ["standing", "sitting"]);
    assert.equal(person?.attributes[0]?.defaultValue, "standing");
    assert.equal(person?.attributes[1]?.defaultValue, undefined, "a null default stays unset");
  });
});
