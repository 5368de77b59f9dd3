import { HubError, HubErrorCode } from "../hub.errors.js";
import { hasUrlScheme, parsePastedUrl } from "../net/pasted-url.parser.js";

export interface HfRepoRef {
  /** `org/name`, or a legacy root-level `name`. */
  readonly repoId: string;
  /** Branch, tag or commit named in a `/tree/<rev>` (or blob/resolve) URL. */
  readonly revision?: string;
}

const hfHosts = new Set(["huggingface.co", "www.huggingface.co", "hf.co"]);
// First path segments that are site pages, not model repositories.
const reserved = new Set([
  "api",
  "datasets",
  "spaces",
  "models",
  "docs",
  "blog",
  "papers",
  "collections",
  "organizations",
  "settings",
  "login",
  "join",
  "pricing",
  "tasks",
  "learn",
  "posts",
  "chat",
  "enterprise",
  "new",
  "search",
  "inference-endpoints",
]);
const revisionViews = new Set(["tree", "blob", "resolve", "commit", "commits", "raw", "edit"]);
const segmentPattern = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$/;

/**
 * A model repository from what a user pasted: `org/name`, or a huggingface.co / hf.co URL (with or without
 * scheme, `/tree/<rev>`, `/blob/<rev>/file`, query or fragment). Other hosts, datasets and Spaces are
 * HUB_URL_INVALID; the host of the URL is never contacted, only the repo id is kept.
 */
export function parseHfRepoRef(input: string): HfRepoRef {
  const text = input.trim();
  if (!text) throw invalid("is empty");
  const looksLikeUrl = hasUrlScheme(text) || /^(www\.)?(huggingface\.co|hf\.co)(\/|$)/i.test(text);
  if (!looksLikeUrl) {
    if (text.includes("?") || text.includes("#")) throw invalid("is not a repo id");
    const segments = text.replace(/\/+$/, "").split("/");
    for (const s of segments) if (!isValidName(s)) throw invalid(`has an invalid repository name "${s}"`);
    return fromSegments(segments, "repo id");
  }
  const url = parsePastedUrl(text, invalid);
  if (!hfHosts.has(url.hostname.toLowerCase())) throw invalid("is not a huggingface.co URL");
  if (url.username || url.password || url.port) throw invalid("is not a plain huggingface.co URL");
  const segments = url.pathname
    .split("/")
    .filter((s) => s !== "")
    .map(safeDecode);
  return fromSegments(segments, "URL");
}

function fromSegments(segments: string[], what: string): HfRepoRef {
  if (segments.length === 0) throw invalid(`names no repository`);
  const first = segments[0];
  if (reserved.has(first.toLowerCase())) {
    throw invalid(
      first === "datasets" || first === "spaces" ? `names a ${first.slice(0, -1)}, not a model` : `is not a model repository ${what}`,
    );
  }
  // org/name/tree/rev, or a root-level name/tree/rev.
  const viewAt = segments.findIndex((s, i) => i > 0 && i <= 2 && revisionViews.has(s));
  const repoSegments = viewAt === -1 ? segments : segments.slice(0, viewAt);
  if (repoSegments.length > 2 || (viewAt === -1 && segments.length > 2)) throw invalid(`is not an org/name model repository ${what}`);
  for (const s of repoSegments) if (!isValidName(s)) throw invalid(`has an invalid repository name "${s}"`);
  const revision = viewAt === -1 ? undefined : segments[viewAt + 1];
  if (viewAt !== -1 && !revision) throw invalid("names no revision");
  return { repoId: repoSegments.join("/"), ...(revision ? { revision } : {}) };
}

function isValidName(segment: string): boolean {
  return segmentPattern.test(segment) && !segment.includes("--") && !segment.includes("..");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalid("has a malformed path");
  }
}

function invalid(why: string): HubError {
  return new HubError(HubErrorCode.UrlInvalid, `The Hugging Face model reference ${why}`, { hub: "huggingface" });
}
