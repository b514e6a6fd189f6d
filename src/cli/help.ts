import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = `Usage: dockerslim <command> [options]

Rewrites Dockerfiles so the images they build are smaller and safer.

Commands:
  fix [paths...]   show (or apply) the rewrites for Dockerfiles; default: print a diff
  list             list every transform with its safety tier

Options:
  -h, --help       show help (dockerslim fix --help for the fix options)
  -v, --version    print the version
`;

const FIX = `Usage: dockerslim fix [options] [paths or globs...]

With no paths, finds Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile and
Containerfile.* below the current directory (honouring .gitignore and .dockerslimignore; node_modules
and .git skipped). Directories are searched the same way; files are taken as given (an ignored one is
skipped with a note); anything else is a glob. "-" reads one Dockerfile from stdin and prints the
result on stdout.

Options:
  --write              rewrite the files in place and list them (atomically; files with nothing
                       to do are not touched)
  --check              list the files that would change; exit 1 if there are any
  --unsafe             also apply unsafe rewrites (each is explained in the diff header);
                       --no-unsafe overrides the configuration's unsafe
  --only ID,ID         run only these transforms (naming an unsafe one enables it)
  --skip ID,ID         run every transform but these
  --format FORMAT      diff (default), or one document on stdout: json, sarif (GitHub code
                       scanning), checkstyle, gitlab (GitLab code quality)
  --fail-on WHAT       exit 1 when changes (rewrites pending, or written with --write) or findings
                       remain; comma-separated; none overrides the configuration
  --config FILE        take the settings from FILE instead of the nearest configuration file
  --no-config          read no configuration file
  --stdin-filepath P   read stdin as the file P: its name in messages, its configuration and
                       ignore files, its folder as the build context (also --stdin-filename)
  --context DIR        the build context transforms may read (default: each Dockerfile's folder;
                       for stdin, the current folder); .dockerignore applies as in docker build.
                       A rewrite may also add lines to (or create) the .dockerignore: it is shown,
                       counted and written with its Dockerfile
  --color, --no-color  colour the diff or not (default: on a terminal, unless NO_COLOR is set)
  -q, --quiet          no summary and no findings; errors are still printed
  -h, --help           show this help

Configuration: the nearest of package.json ("dockerslim" key), .dockerslimrc (JSON or YAML),
.dockerslimrc.json, .dockerslimrc.yaml, .dockerslimrc.yml, .dockerslimrc.js/.mjs/.cjs or
dockerslim.config.js/.mjs/.cjs, from each Dockerfile's folder up to the project root (the folder
holding .git). Keys: only, skip, unsafe, ignore, transforms, failOn. Flags override them.

Verification (builds the original and the rewritten image with a container engine):
  --verify             build both images and compare them before accepting a rewrite
  --smoke CMD          run CMD in both images (entrypoint replaced); exit status and stdout must
                       agree. A program and its arguments run directly, so images without a shell
                       (distroless) work; CMD goes through sh -c only when it uses shell syntax
                       (pipes, redirections, $VARS, globs, cd and other builtins)
  --build-arg K=V      pass a build argument (repeatable)
  --target NAME        build this stage
  --keep-images        keep the images built for verification

Exit codes: 0 nothing to do or all written; 1 changes pending (--check) or what --fail-on names
remains; 2 an error (a bad option or configuration file, a file that cannot be read).
`;

const LIST = `Usage: dockerslim list [--format diff|json]

Lists every transform: id, safety tier (safe ones run by default, unsafe ones need --unsafe or
--only) and what it does.
`;

export function helpText(topic: 'fix' | 'list' | undefined): string {
  return topic === 'fix' ? FIX : topic === 'list' ? LIST : MAIN;
}

/** The package's version, from the package.json above this module (src/ in tests, dist/src/ once built). */
export function version(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'dockerslim' && pkg.version) return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
