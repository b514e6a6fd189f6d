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
