import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubError, HubErrorCode } from "../hub.errors.js";
import { parseHfRepoRef } from "./hf-repo.parser.js";

describe("parseHfRepoRef", () => {
  const ok: Array<[string, string, string?]> = [
    ["facebook/detr-resnet-50", "facebook/detr-resnet-50"],
    ["  facebook/detr-resnet-50/  ", "facebook/detr-resnet-50"],
    ["gpt2", "gpt2"],
    ["https://huggingface.co/facebook/detr-resnet-50", "facebook/detr-resnet-50"],
    ["huggingface.co/facebook/detr-resnet-50", "facebook/detr-resnet-50"],
    ["http://www.huggingface.co/facebook/detr-resnet-50/", "facebook/detr-resnet-50"],
    ["https://hf.co/google/owlv2-base-patch16-ensemble?library=transformers#usage", "google/owlv2-base-patch16-ensemble"],
    ["https://huggingface.co/facebook/detr-resnet-50/tree/main", "facebook/detr-resnet-50", "main"],
    ["https://huggingface.co/facebook/detr-resnet-50/tree/v2.0/onnx", "facebook/detr-resnet-50", "v2.0"],
    ["https://huggingface.co/facebook/detr-resnet-50/blob/main/config.json", "facebook/detr-resnet-50", "main"],
    ["https://huggingface.co/Xenova/detr-resnet-50/resolve/a1b2c3/onnx/model.onnx", "Xenova/detr-resnet-50", "a1b2c3"],
    ["https://huggingface.co/org/repo/tree/refs%2Fpr%2F1", "org/repo", "refs/pr/1"],
    ["https://huggingface.co/gpt2/tree/main", "gpt2", "main"],
    ["https://huggingface.co/nvidia/segformer-b0-finetuned-ade-512-512", "nvidia/segformer-b0-finetuned-ade-512-512"],
  ];
  for (const [input, repoId, revision] of ok) {
    it(`reads ${input.trim()}`, () => {
      const ref = parseHfRepoRef(input);
      assert.equal(ref.repoId, repoId);
      assert.equal(ref.revision, revision);
    });
  }

  const bad: Array<[string, RegExp]> = [
    ["", /empty/],
    ["https://evil.example/facebook/detr-resnet-50", /not a huggingface\.co URL/],
    ["https://huggingface.co.evil.example/facebook/detr", /not a huggingface\.co URL/],
    ["https://huggingface.co:8443/facebook/detr", /plain/],
    ["https://user@huggingface.co/facebook/detr", /plain/],
    ["ftp://huggingface.co/facebook/detr", /http/],
    ["https://huggingface.co/datasets/coco/coco", /dataset, not a model/],
    ["https://huggingface.co/spaces/org/demo", /space, not a model/],
    ["https://huggingface.co/docs/transformers", /not a model repository/],
    ["https://huggingface.co/", /names no repository/],
    ["https://huggingface.co/facebook/detr-resnet-50/discussions/3", /not an org\/name model repository/],
    ["https://huggingface.co/facebook/detr-resnet-50/tree", /no revision/],
    ["org/../etc", /invalid repository name/],
    ["org/-bad", /invalid repository name/],
    ["a/b/c", /not an org\/name model repository/],
    ["javascript:alert(1)", /invalid repository name/],
  ];
  for (const [input, why] of bad) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseHfRepoRef(input),
        (e: unknown) => e instanceof HubError && e.code === HubErrorCode.UrlInvalid && why.test(e.message),
      );
    });
  }
});
