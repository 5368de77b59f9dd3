// Patterns for secrets that could reach a message through a URL, a header echo or a hub's own error text.
const patterns: Array<[RegExp, string]> = [
  [/([?&;]api_key=)[^&#\s"'<>]*/gi, "$1[redacted]"],
  [/("api_key"\s*:\s*")[^"]*"/gi, '$1[redacted]"'],
  [/(Bearer\s+)[^\s"',]+/gi, "$1[redacted]"],
  [/\bhf_[A-Za-z0-9]{6,}\b/g, "hf_[redacted]"],
];

/** Removes API keys and tokens from text meant for logs or error messages. */
export function redactSecrets(text: string, known: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of known) {
    // Short values would redact innocent words; real keys and tokens are long.
    if (secret && secret.length >= 6) out = out.split(secret).join("[redacted]");
  }
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/** A URL fit for a log line: its `api_key` query value replaced. */
export function redactUrl(url: string | URL): string {
  return redactSecrets(String(url));
}
