import { HubError, HubErrorCode } from "../hub.errors.js";
import { parsePastedUrl } from "../net/pasted-url.parser.js";

export interface RoboflowModelRef {
  readonly workspace: string;
  readonly project: string;
  readonly version: number;
}

const roboflowHosts = new Set(["app.roboflow.com", "universe.roboflow.com", "www.universe.roboflow.com"]);
const slug = /^[a-z0-9][a-z0-9_.-]{0,99}$/i;
const viewWord = /^[a-z][a-z-]{0,30}$/i;

/**
 * Project and version from a Roboflow URL: `app.roboflow.com/{ws}/{project}/{version}` and the universe forms
 * `universe.roboflow.com/{ws}/{project}/model/{version}` or `/dataset/{version}` (scheme optional, trailing
 * views such as `/images` and queries ignored). Other hosts, and URLs without a version, are HUB_URL_INVALID.
 */
export function parseRoboflowUrl(input: string): RoboflowModelRef {
  const text = input.trim();
  if (!text) throw invalid("is empty");
  const url = parsePastedUrl(text, invalid);
  if (!roboflowHosts.has(url.hostname.toLowerCase()) || url.port || url.username || url.password) {
    throw invalid("is not an app.roboflow.com or universe.roboflow.com URL");
  }
  const segments = url.pathname.split("/").filter((s) => s !== "");
  if (segments.length < 2) throw invalid("names no workspace and project");
  const [workspace, project, ...rest] = segments as [string, string, ...string[]];
  if (!slug.test(workspace) || !slug.test(project)) throw invalid("has an invalid workspace or project name");
  const numeric = rest.filter((s) => /^\d+$/.test(s));
  if (numeric.length === 0) throw invalid("names no model version (e.g. …/model/3)");
  if (numeric.length > 1 || rest.some((s) => !/^\d+$/.test(s) && !viewWord.test(s))) throw invalid("has an unexpected path");
  const version = Number(numeric[0]);
  if (!Number.isSafeInteger(version) || version < 1) throw invalid("has an invalid version");
  return { workspace, project, version };
}

/** `workspace/project/version`, the descriptor's `ref`. */
export function formatRoboflowRef(ref: RoboflowModelRef): string {
  return `${ref.workspace}/${ref.project}/${ref.version}`;
}

export function parseRoboflowRef(ref: string): RoboflowModelRef {
  const parts = ref.split("/");
  const version = Number(parts[2]);
  if (parts.length !== 3 || !slug.test(parts[0]) || !slug.test(parts[1]) || !Number.isSafeInteger(version) || version < 1) {
    throw invalid(`ref "${ref}" is not workspace/project/version`);
  }
  return { workspace: parts[0], project: parts[1], version };
}

function invalid(why: string): HubError {
  return new HubError(HubErrorCode.UrlInvalid, `The Roboflow model URL ${why}`, { hub: "roboflow" });
}
