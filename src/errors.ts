/** An error about one Dockerfile, pointing at a line (1-based) when one is known. */
export class DockerfileError extends Error {
  constructor(
    message: string,
    readonly filename: string | undefined,
    readonly line: number | undefined,
  ) {
    super(`${filename ?? '<input>'}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'DockerfileError';
  }
}

/**
 * Text from the input made safe to print in a message: control characters and lone surrogates
 * escaped (`\u0000`), so binary input never reaches a terminal raw; long text cut to `max`.
 */
export function printable(text: string, max = 60): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}
