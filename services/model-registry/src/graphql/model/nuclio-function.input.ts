import type { FileUpload } from "graphql-upload-minimal";
import { GraphQLUpload } from "graphql-upload-minimal";
import { Field, Float, InputType } from "type-graphql";

@InputType("AddNuclioFunctionInput", {
  description:
    "A Nuclio function reached directly (no dashboard): its HTTP trigger, and its function.yaml or CVAT's label spec (exactly one).",
})
export class AddNuclioFunctionInput {
  @Field(() => String, {
    description:
      "The function's HTTP trigger, e.g. http://gpu-box:32768. Cloud mode: public addresses only unless the host is in NUCLIO_ALLOWED_HOSTS; self-hosted: private addresses of the dashboard's host and NUCLIO_ALLOWED_HOSTS.",
  })
  url: string;

  @Field(() => GraphQLUpload, {
    nullable: true,
    description:
      "The function's function.yaml (at most 256 KiB): name, type, framework, label spec, timeouts and workers are read from it.",
  })
  functionYaml?: Promise<FileUpload> | null;

  @Field(() => String, {
    nullable: true,
    description:
      'CVAT\'s JSON label list (metadata.annotations.spec: [{"id", "name", "type", "attributes"}]), when no function.yaml is given; name is then required.',
  })
  spec?: string | null;

  @Field(() => String, { nullable: true, description: "Display name; the function.yaml's metadata.annotations.name when omitted." })
  name?: string | null;

  @Field(() => Float, { nullable: true, description: "Score threshold used when a job sets none, in (0, 1]; 0.5 when omitted." })
  defaultThreshold?: number | null;
}
