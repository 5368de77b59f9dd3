import { Field, Int, ObjectType, registerEnumType } from "type-graphql";

/** GraphQL enum values for CVAT's invoke methods (domain: "dashboard" | "direct"). */
export const NuclioInvokeMethodValue = { DASHBOARD: "DASHBOARD", DIRECT: "DIRECT" } as const;
export type NuclioInvokeMethodValue = (typeof NuclioInvokeMethodValue)[keyof typeof NuclioInvokeMethodValue];

registerEnumType(NuclioInvokeMethodValue, {
  name: "NuclioInvokeMethod",
  description: "How workers call a Nuclio function (CVAT's NUCLIO INVOKE_METHOD).",
  valuesConfig: {
    DASHBOARD: { description: "Through the dashboard's /api/function_invocations (CVAT's default)." },
    DIRECT: { description: "The function's own HTTP trigger." },
  },
});

@ObjectType("NuclioFunctionInfo", { description: "The Nuclio function behind a model (source NUCLIO). Holds nothing secret." })
export class NuclioFunctionInfoType {
  @Field(() => String, { description: "metadata.name: the function's name on its dashboard." })
  functionName: string;

  @Field(() => String, { nullable: true, description: "metadata.annotations.framework (onnx, openvino, pytorch, …)." })
  framework: string | null;

  @Field(() => Int, { description: "metadata.annotations.version (1 when absent)." })
  version: number;

  @Field(() => NuclioInvokeMethodValue)
  invokeMethod: NuclioInvokeMethodValue;

  @Field(() => Boolean, {
    description: "Listed by the Nuclio dashboard (shared, follows the dashboard) rather than registered by hand with addNuclioFunction.",
  })
  discovered: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The dashboard's status.state (ready, building, error, …); null when registered by hand.",
  })
  state: string | null;
}

@ObjectType("NuclioDashboardStatus", {
  description: "The Nuclio dashboard this registry syncs functions from (NUCLIO_DASHBOARD_URL), as this replica last saw it.",
})
export class NuclioDashboardStatusType {
  @Field(() => String)
  url: string;

  @Field(() => String, { description: "NUCLIO_PROJECT: the project whose functions are listed." })
  project: string;

  @Field(() => String, { description: "NUCLIO_NAMESPACE." })
  namespace: string;

  @Field(() => NuclioInvokeMethodValue, { description: "NUCLIO_INVOKE_METHOD: how workers call the discovered functions." })
  invokeMethod: NuclioInvokeMethodValue;

  @Field(() => Date, { nullable: true, description: "When the last sync ended, successful or not; null before the first." })
  lastSyncAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When a sync last listed the dashboard and stored its functions." })
  lastSuccessAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "Why the last sync failed (the functions were kept as they were); null when it succeeded.",
  })
  lastError: string | null;

  @Field(() => Int, { nullable: true, description: "Functions the last successful sync listed, unsupported ones included." })
  functionCount: number | null;

  @Field(() => Int, { nullable: true, description: "How many of those no job can run (interactors, trackers, reid, broken metadata)." })
  unsupportedCount: number | null;
}

export const toInvokeMethodValue = (method: "dashboard" | "direct"): NuclioInvokeMethodValue =>
  method === "direct" ? NuclioInvokeMethodValue.DIRECT : NuclioInvokeMethodValue.DASHBOARD;
