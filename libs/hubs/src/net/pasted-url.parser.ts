const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Whether pasted text starts with a URL scheme (`https://`, `ftp://`, …). */
export const hasUrlScheme = (text: string): boolean => SCHEME.test(text);

/**
 * A URL as a user pastes it, the scheme optional (https when left out); only http(s) passes. `invalid` makes the
 * hub's own error from a reason ("is not a valid URL", "must be an http(s) URL").
 */
export function parsePastedUrl(text: string, invalid: (why: string) => Error): URL {
  let url: URL;
  try {
    url = new URL(hasUrlScheme(text) ? text : `https://${text}`);
  } catch {
    throw invalid("is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid("must be an http(s) URL");
  return url;
}
