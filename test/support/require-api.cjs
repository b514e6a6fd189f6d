// Run by test/index.test.ts in a child node: the package as a CommonJS program requires it.
const { fix, DockerfileError, transforms } = require('dockerslim');

let refused = '';
try {
  fix('FROM debian\nRUNN x\n', { filename: 'Dockerfile' });
} catch (e) {
  refused = e instanceof DockerfileError ? e.message : `not a DockerfileError: ${e}`;
}
process.stdout.write(JSON.stringify({
  output: fix('FROM debian\nRUN echo a\nRUN echo b\n').output,
  transforms: transforms.length,
  refused,
}));
