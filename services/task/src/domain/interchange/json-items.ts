import { Readable, pipeline } from "node:stream";
import { parser } from "stream-json";
import type { ByteSource } from "./interchange-reader.js";

/** One element of a top-level array of the document (`{"images": [<item>, …]}`), assembled alone. */
export interface JsonItem {
  key: string;
  index: number;
  value: unknown;
}

/** Malformed JSON, with where the parser had got to (stream-json names no position: the bytes read so far bound it). */
export class JsonSyntaxError extends Error {
  override readonly name = "JsonSyntaxError";
  constructor(
    readonly reason: string,
    readonly atOrBeforeByte: number,
  ) {
    super(`${reason} (at or before byte ${atOrBeforeByte})`);
  }
}

type Token = { name: string; value?: unknown };

/**
 * Streams the elements of the named top-level arrays of a JSON object document, each assembled on its own and
 * dropped once yielded, so memory holds one element (plus the parser's buffer) whatever the file's size. Other
 * top-level values are skipped token by token without being built. A named key whose value is not an array, a
 * document that is not an object, and malformed JSON throw JsonSyntaxError.
 */
export async function* topLevelArrayItems(source: ByteSource, keys: ReadonlySet<string>): AsyncGenerator<JsonItem> {
  let bytes = 0;
  const counted = Readable.from(
    (async function* () {
      for await (const chunk of source()) {
        bytes += chunk.byteLength;
        yield chunk;
      }
    })(),
  );
  // Strings and numbers packed whole (no chunk tokens): fewer tokens, and each value arrives as one.
  const tokens = pipeline(counted, parser.asStream({ streamValues: false }), () => undefined);
  let depth = 0;
  let key: string | null = null;
  /** The top-level key whose array is being streamed, while inside it. */
  let streaming: string | null = null;
  let index = 0;
  let builder: ValueBuilder | null = null;
  try {
    for await (const token of tokens as AsyncIterable<Token>) {
      const { name } = token;
      if (builder) {
        builder.consume(token);
        if (builder.done) {
          yield { key: streaming!, index: index++, value: builder.value };
          builder = null;
        }
        continue;
      }
      if (depth === 0) {
        if (name !== "startObject") throw new JsonSyntaxError("the document is not a JSON object", bytes);
        depth = 1;
        continue;
      }
      if (streaming !== null) {
        // Directly inside a streamed array: each element starts a builder (or is a primitive).
        if (name === "endArray") {
          streaming = null;
          depth = 1;
          continue;
        }
        builder = new ValueBuilder();
        builder.consume(token);
        if (builder.done) {
          yield { key: streaming, index: index++, value: builder.value };
          builder = null;
        }
        continue;
      }
      if (depth === 1) {
        if (name === "keyValue") {
          key = String(token.value);
          continue;
        }
        if (name === "endObject") {
          depth = 0;
          continue;
        }
        if (key !== null && keys.has(key)) {
          if (name !== "startArray") throw new JsonSyntaxError(`"${key}" is not an array`, bytes);
          streaming = key;
          index = 0;
          depth = 2;
          continue;
        }
      }
      // Skipping a value nobody asked for: only the depth matters.
      if (name === "startObject" || name === "startArray") depth += 1;
      else if (name === "endObject" || name === "endArray") depth -= 1;
    }
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw err;
    const reason = err instanceof Error ? err.message.replace(/^Parser cannot parse input: /, "") : String(err);
    throw new JsonSyntaxError(reason, bytes);
  } finally {
    (tokens as unknown as { destroy(): void }).destroy();
  }
  if (depth !== 0) throw new JsonSyntaxError("the document ends early", bytes);
}

/** Builds one JSON value from its tokens (packed keys, strings and numbers). */
class ValueBuilder {
  value: unknown = undefined;
  done = false;
  private readonly stack: { container: unknown[] | Record<string, unknown>; key: string | null }[] = [];

  consume(token: Token): void {
    switch (token.name) {
      case "startObject":
        return this.open({});
      case "startArray":
        return this.open([]);
      case "endObject":
      case "endArray":
        return this.close();
      case "keyValue":
        this.stack[this.stack.length - 1].key = String(token.value);
        return;
      case "stringValue":
        return this.put(token.value);
      case "numberValue":
        return this.put(Number(token.value));
      case "nullValue":
        return this.put(null);
      case "trueValue":
        return this.put(true);
      case "falseValue":
        return this.put(false);
      default:
        return; // chunks and whitespace tokens (not asked for)
    }
  }

  private open(container: unknown[] | Record<string, unknown>): void {
    this.put(container);
    this.stack.push({ container, key: null });
  }

  private close(): void {
    this.stack.pop();
    if (this.stack.length === 0) this.done = true;
  }

  private put(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.value = value;
      // A primitive at the top is complete at once; a container when it closes.
      if (typeof value !== "object" || value === null) this.done = true;
      return;
    }
    if (Array.isArray(top.container)) top.container.push(value);
    // Own data properties only (a "__proto__" key is a plain key, as JSON.parse makes it).
    else Object.defineProperty(top.container, top.key!, { value, enumerable: true, writable: true, configurable: true });
  }
}
