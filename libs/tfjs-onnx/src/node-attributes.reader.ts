// Typed reads of a TF node's attributes from protobuf JSON (int64 as strings, strings as base64, defaults omitted).
import type { TfAttrValue, TfNode } from "./tfjs-model.types.js";
import { UnsupportedOpError } from "./tfjs-onnx.errors.js";

const decodeString = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

export class NodeAttributes {
  constructor(private readonly node: TfNode) {}

  has(name: string): boolean {
    return this.node.attr?.[name] !== undefined;
  }

  int(name: string, fallback?: number): number {
    const v = this.get(name)?.i;
    if (v === undefined) return this.orFallback(name, fallback);
    return Number(v);
  }

  float(name: string, fallback?: number): number {
    const v = this.get(name)?.f;
    return v === undefined ? this.orFallback(name, fallback) : Number(v);
  }

  bool(name: string, fallback?: boolean): boolean {
    const v = this.get(name)?.b;
    return v === undefined ? this.orFallback(name, fallback) : Boolean(v);
  }

  string(name: string, fallback?: string): string {
    const v = this.get(name)?.s;
    return v === undefined ? this.orFallback(name, fallback) : decodeString(v);
  }

  /** A DT_* type name. */
  type(name: string, fallback?: string): string {
    const v = this.get(name)?.type;
    return v === undefined ? this.orFallback(name, fallback) : v;
  }

  ints(name: string, fallback?: readonly number[]): number[] {
    const list = this.get(name)?.list;
    if (list === undefined) return [...this.orFallback(name, fallback)];
    return (list.i ?? []).map(Number);
  }

  strings(name: string, fallback?: readonly string[]): string[] {
    const list = this.get(name)?.list;
    if (list === undefined) return [...this.orFallback(name, fallback)];
    return (list.s ?? []).map(decodeString);
  }

  /** A shape attribute: sizes with -1 for unknown; undefined for unknown rank. */
  shape(name: string): number[] | undefined {
    const shape = this.get(name)?.shape;
    if (!shape || shape.unknownRank) return undefined;
    return (shape.dim ?? []).map((d) => Number(d.size ?? -1));
  }

  private get(name: string): TfAttrValue | undefined {
    return this.node.attr?.[name];
  }

  private orFallback<T>(name: string, fallback: T | undefined): T {
    if (fallback === undefined) throw new UnsupportedOpError(this.node.op, this.node.name, `attribute ${name} is missing`);
    return fallback;
  }
}
