import { AttributeInputType, ShapeType, type AttributeSpec as ProtoAttributeSpec } from "@prelabel/proto";
import { AttributeInputKinds, ShapeKinds, type AttributeInputKind, type AttributeSpec, type ShapeKind } from "../domain/labels.js";

/** Proto label descriptors (describe-task, describe-model replies) as domain/labels.ts. */

/** Proto enum value → domain name; values this build does not know become UNSPECIFIED. */
export function shapeKindOf(type: ShapeType): ShapeKind {
  const name = ShapeType[type] as string | undefined;
  return (ShapeKinds as readonly string[]).includes(name ?? "") ? (name as ShapeKind) : "UNSPECIFIED";
}

export function attributeInputKindOf(type: AttributeInputType): AttributeInputKind {
  const name = AttributeInputType[type] as string | undefined;
  return (AttributeInputKinds as readonly string[]).includes(name ?? "") ? (name as AttributeInputKind) : "UNSPECIFIED";
}

export function attributeSpecOf(spec: ProtoAttributeSpec): AttributeSpec {
  return {
    name: spec.name,
    inputType: attributeInputKindOf(spec.inputType),
    values: [...spec.values],
    ...(spec.defaultValue !== undefined ? { defaultValue: spec.defaultValue } : {}),
  };
}
