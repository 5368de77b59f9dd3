import { jsonParser } from "stream-json/parser.js";
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
  const walker = new TopLevelWalker(keys);
  // The bare tokenizer, driven synchronously chunk by chunk: a Node stream would cost a promise per token.
  const tokenize = jsonParser({ streamValues: false }) as unknown as (chunk: string | symbol) => unknown;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytes = 0;
  const feed = (text: string | symbol): JsonItem[] => {
    try {
      const out = tokenize(text);
      if (out !== NONE) for (const token of (out as { values: Token[] }).values) walker.consume(token);
      return walker.take();
    } catch (err) {
      if (err instanceof JsonSyntaxError) throw err;
      const reason = err instanceof Error ? err.message.replace(/^Parser cannot parse input: /, "") : String(err);
      throw new JsonSyntaxError(reason, bytes);
    }
  };
  for await (const chunk of source()) {
    bytes += chunk.byteLength;
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new JsonSyntaxError("not UTF-8 text", bytes);
    }
    // In slices: the tokens and items of one slice are garbage before the next, so they die young (a whole 256 KiB
    // chunk's tokens would outlive the scavenges while its items are yielded, and be promoted to the old space).
    for (let at = 0; at < text.length; at += SLICE) yield* feed(text.slice(at, at + SLICE));
  }
  yield* feed(decoder.decode());
  yield* feed(NONE);
  if (!walker.complete) throw new JsonSyntaxError("the document ends early", bytes);
}

/** Characters tokenised at a time. */
const SLICE = 16 * 1024;

/** stream-chain's "no more input" / "no output" marker (a registered symbol). */
const NONE = Symbol.for("object-stream.none");

/** Follows the document's top level, building the elements of the named arrays (see topLevelArrayItems). */
class TopLevelWalker {
  private depth = 0;
  private started = false;
  private key: string | null = null;
  /** The top-level key whose array is being streamed, while inside it. */
  private streaming: string | null = null;
  private index = 0;
  private builder: ValueBuilder | null = null;
  private items: JsonItem[] = [];

  constructor(private readonly keys: ReadonlySet<string>) {}

  get complete(): boolean {
    return this.started && this.depth === 0;
  }

  take(): JsonItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  consume(token: Token): void {
    const { name } = token;
    if (this.builder) {
      this.builder.consume(token);
      if (this.builder.done) this.emit();
      return;
    }
    if (this.depth === 0) {
      if (name === "whitespace") return;
      if (name !== "startObject" || this.started) throw new JsonSyntaxError("the document is not a JSON object", 0);
      this.started = true;
      this.depth = 1;
      return;
    }
    if (this.streaming !== null) {
      // Directly inside a streamed array: each element starts a builder (or is a primitive).
      if (name === "endArray") {
        this.streaming = null;
        this.depth = 1;
        return;
      }
      this.builder = new ValueBuilder();
      this.builder.consume(token);
      if (this.builder.done) this.emit();
      return;
    }
    if (this.depth === 1) {
      if (name === "keyValue") {
        this.key = String(token.value);
        return;
      }
      if (name === "endObject") {
        this.depth = 0;
        return;
      }
      if (this.key !== null && this.keys.has(this.key)) {
        if (name !== "startArray") throw new JsonSyntaxError(`"${this.key}" is not an array`, 0);
        this.streaming = this.key;
        this.index = 0;
        this.depth = 2;
        return;
      }
    }
    // Skipping a value nobody asked for: only the depth matters.
    if (name === "startObject" || name === "startArray") this.depth += 1;
    else if (name === "endObject" || name === "endArray") this.depth -= 1;
  }

  private emit(): void {
    this.items.push({ key: this.streaming!, index: this.index++, value: this.builder!.value });
    this.builder = null;
  }
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
    else if (top.key === "__proto__")
      Object.defineProperty(top.container, top.key, { value, enumerable: true, writable: true, configurable: true });
    else top.container[top.key!] = value;
  }
}
