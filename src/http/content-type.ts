/** `application/json; charset=utf-8` -> `application/json` */
export function mediaType(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const semi = header.indexOf(';');
  return (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
}

/** Whether `type` is matched by one of `accepted`, which may hold `image/*` or `*\/*`. */
export function acceptsType(accepted: readonly string[], type: string): boolean {
  for (const a of accepted) {
    if (a === type || a === '*/*') return true;
    if (a.endsWith('/*') && type.startsWith(a.slice(0, -1))) return true;
  }
  return false;
}

/**
 * Text types travel as plain strings through API Gateway; everything else is binary and
 * must be base64-encoded (and listed in the API's binary media types when deployed).
 */
export function isTextType(type: string): boolean {
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/graphql'
  );
}

/** A route's accepted request content types that API Gateway must treat as binary. */
export function binaryTypes(accepted: readonly string[]): string[] {
  return accepted.filter((t) => !isTextType(t));
}
