import assert from "node:assert/strict";
import type { CallerContext } from "@prelabel/service-kit";
import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import { tinyYoloV8Onnx, uploadOf } from "./upload-fixtures.js";

type Variables = Record<string, unknown>;

const UPLOAD = `mutation($file: Upload!, $spec: ModelSpecInput!) { uploadModel(file: $file, spec: $spec) { id artifacts { sha256 } } }`;

/**
 * The registry's schema executed directly as `caller`, with the context the subgraph server builds for a verified
 * identity: one test can be several tenants without signing assertions. `schema` is read at each call, so this can be
 * set up before the app starts.
 */
export function callerGraphQL(schema: () => GraphQLSchema) {
  const execRaw = (caller: CallerContext, source: string, variableValues?: Variables) =>
    graphql({ schema: schema(), source, variableValues, contextValue: caller });
  /** graphql-js builds null-prototype objects: the result as plain JSON (errors lose their originalError: use execRaw). */
  const exec = async (caller: CallerContext, source: string, variableValues?: Variables) =>
    JSON.parse(JSON.stringify(await execRaw(caller, source, variableValues))) as ExecutionResult<Record<string, any>>;
  /** The data of an operation that must succeed. */
  const must = async (caller: CallerContext, source: string, variableValues?: Variables) => {
    const res = await exec(caller, source, variableValues);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data!;
  };
  /** The ids `models` lists for `caller`, sorted; `args` filters, e.g. "(source: UPLOAD)". */
  const modelIds = async (caller: CallerContext, args = "") =>
    ((await must(caller, `{ models${args} { id } }`)).models as { id: string }[]).map((m) => m.id).sort();
  /** Uploads tinyYoloV8Onnx() (classes cat and dog) as `name`; the new model's id. */
  const uploadTinyYolo = async (caller: CallerContext, name: string): Promise<string> =>
    (
      await must(caller, UPLOAD, {
        file: uploadOf(tinyYoloV8Onnx()),
        spec: { name, description: "", outputLayout: "YOLO_V8", inputWidth: 64, inputHeight: 64, classNames: ["cat", "dog"] },
      })
    ).uploadModel.id;
  return { execRaw, must, modelIds, uploadTinyYolo };
}
