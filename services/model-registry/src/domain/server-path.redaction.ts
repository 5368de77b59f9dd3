/**
 * onnxruntime's messages name files on the server (the spool path, an external-data file resolved against it, the
 * directory it may read) and its own C++ sources. Clients get INVALID_MODEL problems with every absolute path cut to
 * its last segment (a file name the uploader can recognise) or, for a segment without an extension, a placeholder;
 * source locations are dropped.
 */

/** An absolute POSIX path starting a token: at the start, after white space, a quote, a bracket, `=` or `,` (never inside a URL). */
const ABSOLUTE_PATH = /(^|[\s"'`(=[,])(\/[^\s"'`()[\],]*)/g;
/** `tensorprotoutils.cc:461 ValidateExternalDataPathFromDir `: where in onnxruntime an error was raised. */
const SOURCE_LOCATION = /\b[\w-]+\.(?:cc|cpp|c|h|hpp):\d+(?: [A-Za-z_][\w:~]*)? /g;

export const REDACTED_PATH = "<server path>";

export function redactServerPaths(text: string): string {
  return text.replace(SOURCE_LOCATION, "").replace(ABSOLUTE_PATH, (_, before: string, path: string) => before + lastSegment(path));
}

function lastSegment(path: string): string {
  const segment = path.split("/").filter(Boolean).at(-1) ?? "";
  return /^[^.]+\.[\w.-]+$/.test(segment) ? segment : REDACTED_PATH;
}
