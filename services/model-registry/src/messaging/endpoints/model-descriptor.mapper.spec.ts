import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AttributeInputType,
  DescribeModelReplySchema,
  fromBinary,
  ModelKind,
  OnnxChannelOrder,
  OnnxInputType,
  OnnxOutputLayout,
  OnnxResizeMode,
  OnnxTensorLayout,
  HubProvider,
  ShapeType,
  toBinary,
} from "@prelabel/proto";
import type { Model } from "../../domain/model.js";
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
  artifacts: [{ name: "people", sha256: "ab".repeat(32), sizeBytes: 1234 }],
  onnxDetector: null,
};

const uploaded: Model = {
  ...model,
  id: "my-ssd-0a1b2c",
  labels: [{ name: "cat", type: "RECTANGLE", attributes: [], sublabels: [] }],
  runtime: "onnx-detector",
  artifacts: [{ name: "model", sha256: "cd".repeat(32), sizeBytes: 3_000_000_000 }],
  onnxDetector: {
    outputLayout: "SSD",
    inputWidth: 300,
    inputHeight: 320,
    resize: "STRETCH",
    channelOrder: "BGR",
    tensorLayout: "NHWC",
    inputType: "UINT8",
    mean: [1, 2, 3],
    std: [4, 5, 6],
    classNames: ["", "cat"],
    classIdOffset: 1,
    detrNoObjectClass: false,
    nmsIou: 0.5,
    maxDetections: 100,
    inputName: "image_tensor:0",
    outputNames: ["detection_boxes:0", "detection_scores:0", "detection_classes:0", "num_detections:0"],
  },
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
    assert.deepEqual(
      d.artifacts.map((a) => [a.name, a.sha256, a.sizeBytes]),
      [["people", "ab".repeat(32), 1234n]],
    );
    assert.equal(d.onnxDetector, undefined, "catalog models carry no detector spec");
  });

  it("carries an uploaded detector's artifact and spec", () => {
    const d = fromBinary(DescribeModelReplySchema, toBinary(DescribeModelReplySchema, toDescribeModelReply(uploaded))).model;
    assert.ok(d?.onnxDetector);
    assert.equal(d.runtime, "onnx-detector");
    assert.equal(d.artifacts[0]?.sizeBytes, 3_000_000_000n, "sizes beyond 32 bits survive");
    const s = d.onnxDetector;
    assert.equal(s.outputLayout, OnnxOutputLayout.SSD);
    assert.equal(s.resize, OnnxResizeMode.STRETCH);
    assert.equal(s.channelOrder, OnnxChannelOrder.BGR);
    assert.equal(s.tensorLayout, OnnxTensorLayout.NHWC);
    assert.equal(s.inputType, OnnxInputType.UINT8);
    assert.deepEqual([s.inputWidth, s.inputHeight, s.classIdOffset, s.maxDetections], [300, 320, 1, 100]);
    assert.deepEqual([...s.mean, ...s.std], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(s.classNames, ["", "cat"]);
    assert.equal(s.detrNoObjectClass, false);
    assert.ok(Math.abs(s.nmsIou - 0.5) < 1e-7);
    assert.equal(s.inputName, "image_tensor:0");
    assert.deepEqual(s.outputNames, uploaded.onnxDetector?.outputNames);
  });

  it("carries a hub model's spec with its credential sealed, never in clear", () => {
    const hub: Model = {
      ...model,
      id: "owl-000001",
      labels: [],
      runtime: "hub",
      artifacts: [],
      tenantId: "default",
      hub: {
        provider: "HUGGING_FACE",
        modelRef: "google/owlv2",
        task: "zero-shot-object-detection",
        endpointUrl: null,
        revision: null,
        remote: true,
        localOnnx: null,
        credentialHint: "…abcd",
      },
      credential: {
        keyId: "k1",
        nonce: Buffer.alloc(12, 7).toString("base64"),
        ciphertext: Buffer.from("sealed-bytes-and-tag").toString("base64"),
      },
    };
    const d = fromBinary(DescribeModelReplySchema, toBinary(DescribeModelReplySchema, toDescribeModelReply(hub))).model;
    assert.equal(d?.hub?.provider, HubProvider.HUGGING_FACE);
    assert.deepEqual(
      [d?.hub?.modelRef, d?.hub?.task, d?.hub?.endpointUrl, d?.hub?.tenantId],
      ["google/owlv2", "zero-shot-object-detection", "", "default"],
    );
    assert.equal(d?.hub?.credential?.keyId, "k1");
    assert.deepEqual(Buffer.from(d.hub.credential.nonce), Buffer.alloc(12, 7));
    assert.equal(Buffer.from(d.hub.credential.ciphertext).toString(), "sealed-bytes-and-tag");
    const publicModel = fromBinary(
      DescribeModelReplySchema,
      toBinary(DescribeModelReplySchema, toDescribeModelReply({ ...hub, credential: null })),
    ).model;
    assert.equal(publicModel?.hub?.credential, undefined, "public models carry no credential");
    assert.equal(d?.labels.length, 0);
  });

  it("describes a Nuclio function with its NuclioFunctionSpec and unsupported reason; others have neither", () => {
    const nuclio: Model = {
      ...model,
      id: "nuclio-onnx-wongkinyiu-yolov7",
      source: "NUCLIO",
      runtime: "nuclio",
      artifacts: [],
      onnxDetector: null,
      tenantId: "default",
      nuclio: {
        functionName: "onnx-wongkinyiu-yolov7",
        displayName: "YOLO v7",
        framework: "onnx",
        version: 1,
        invokeMethod: "dashboard",
        url: "http://nuclio:8070",
        project: "cvat",
        namespace: "nuclio",
        eventTimeoutMs: 30_000,
        maxWorkers: 1,
        discovered: true,
        state: "ready",
      },
      unsupportedReason: null,
    };
    const d = fromBinary(DescribeModelReplySchema, toBinary(DescribeModelReplySchema, toDescribeModelReply(nuclio))).model;
    assert.equal(d?.runtime, "nuclio");
    assert.deepEqual(
      { ...d?.nuclio, $typeName: undefined },
      {
        $typeName: undefined,
        functionName: "onnx-wongkinyiu-yolov7",
        invokeMethod: "dashboard",
        invokeUrl: "http://nuclio:8070",
        project: "cvat",
        namespace: "nuclio",
        tenantId: "default",
        timeoutMs: 30_000,
        maxConcurrency: 1,
      },
    );
    assert.equal(d?.unsupportedReason, "");
    const direct = toDescribeModelReply({
      ...nuclio,
      tenantId: "tenant-a",
      nuclio: {
        ...nuclio.nuclio!,
        invokeMethod: "direct",
        url: "http://gpu:32768",
        project: null,
        namespace: null,
        eventTimeoutMs: null,
        maxWorkers: null,
      },
      unsupportedReason: "a reid function",
    }).model;
    assert.deepEqual(
      [
        direct?.nuclio?.invokeMethod,
        direct?.nuclio?.invokeUrl,
        direct?.nuclio?.project,
        direct?.nuclio?.tenantId,
        direct?.nuclio?.timeoutMs,
        direct?.nuclio?.maxConcurrency,
      ],
      ["direct", "http://gpu:32768", "", "tenant-a", 0, 0],
    );
    assert.equal(direct?.unsupportedReason, "a reid function");
    const plain = toDescribeModelReply(model).model;
    assert.equal(plain?.nuclio, undefined);
    assert.equal(plain?.unsupportedReason, "");
  });
});
