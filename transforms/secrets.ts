import { copyArgs, isRemoteSource } from '../src/copy-args.js';
import { cleanPath } from '../src/context/dockerignore.js';
import { sourceRelation } from '../src/context/sources.js';
import { ignoredAfterEdits } from '../src/context/view.js';
import type { Document, Instruction } from '../src/document.js';
import { defineTransform } from '../src/transform.js';
import type { ProposedFinding, TransformContext } from '../src/types.js';
import { scanContext } from './dockerignore-rules.js';

/** Name words that say a variable holds a secret (BuildKit's SecretsUsedInArgOrEnv reads names the same way). */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'secret', 'token', 'apikey', 'key', 'credential', 'credentials', 'auth', 'privatekey']);
/** A last word that makes the value something about a secret, not the secret (`TOKEN_FILE`, `KEY_ID`, `PASSWORD_LENGTH`). */
const NOT_THE_SECRET = new Set([
  'file', 'path', 'dir', 'url', 'uri', 'id', 'length', 'len', 'size', 'type', 'name', 'user', 'username', 'header', 'algorithm', 'ttl',
  'expiry', 'timeout', 'env', 'mode', 'policy', 'method', 'provider', 'enabled', 'required', 'realm', 'host', 'port', 'server',
  'endpoint', 'version', 'scope', 'issuer', 'audience', 'strategy',
]);
/** Words that make the name public (`GPG_KEY` is a fingerprint, `PUBLIC_KEY` is public). */
const PUBLIC_WORDS = new Set(['gpg', 'pgp', 'public', 'pub', 'fingerprint']);
const TEMPLATE_ENV = /^\.env\.(example|sample|template|dist|defaults?)$/;
const SSH_KEY = /^id_(rsa|dsa|ecdsa|ed25519)$/;

/** What a copied file holds that should not ship, or undefined; `read` gives its content when there is a context. */
function secretIn(path: string, read: (() => string | undefined) | undefined): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === '.env' || (name.startsWith('.env.') && !TEMPLATE_ENV.test(name))) return 'environment settings (often credentials)';
  if (SSH_KEY.test(name)) return 'an SSH private key';
  if (name === '.git-credentials') return 'git credentials';
  if (name === '.netrc') return 'login credentials';
  if (!read) return name.endsWith('.key') ? 'a private key' : undefined;
  if (!/\.(pem|key)$|^\.(npmrc|pypirc)$/.test(name)) return undefined;
  const text = read();
  if (text === undefined) return undefined;
  if ((name.endsWith('.pem') || name.endsWith('.key')) && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return 'a private key';
  if (name === '.npmrc' && /_authToken\s*=|_auth\s*=|_password\s*=/.test(text)) return 'a registry auth token';
  if (name === '.pypirc' && /^\s*password\s*[=:]/m.test(text)) return 'a package index password';
  return undefined;
}

const MOUNT_ADVICE: Record<string, string> = {
  '.npmrc': 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
  '.pypirc': 'RUN --mount=type=secret,id=pypirc,target=/root/.pypirc ...',
};

/**
 * Secrets an image keeps for anyone who pulls it: ENV values (in its config), ARG defaults (in its
 * history), and secret files a COPY puts in a layer. Report-only: where a secret should come from
 * (a build secret mount, the runtime's secret store) is the user's decision.
 */
export const secrets = defineTransform({
  id: 'secrets',
  description: 'Report secrets an image keeps: ENV or ARG values named like a password, token or key, and COPY of .env, private keys or credential files',
  safety: 'safe',
  apply: () => [],
  findings(doc: Document, context: TransformContext): ProposedFinding[] {
    const found: ProposedFinding[] = [];
    for (const stage of doc.stages.filter((s) => s.inFinalImage)) {
      for (const ins of stage.instructions) {
        if (ins.keyword === 'ENV' || ins.keyword === 'ARG') found.push(...secretVariables(doc, ins));
        else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') found.push(...secretFiles(doc, ins, context));
      }
    }
    return found;
  },
});

/** True when a variable's name says it holds a secret. */
export function secretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (!words.some((w) => SECRET_WORDS.has(w)) || words.some((w) => PUBLIC_WORDS.has(w))) return false;
  return !NOT_THE_SECRET.has(words[words.length - 1]);
}

function secretVariables(doc: Document, ins: Instruction): ProposedFinding[] {
  return doc.declarations(ins).flatMap(({ name, value }) => {
    const unquoted = value?.replace(/^(["'])(.*)\1$/, '$2') ?? '';
    if (!secretName(name) || unquoted === '' || unquoted.startsWith('/')) return [];
    const fromArg = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(unquoted);
    if (ins.keyword === 'ARG' && fromArg) return [];
    const where = ins.keyword === 'ENV' ? 'in the image\'s config, for anyone who pulls it' : 'in the image\'s history';
    const what = fromArg ? `ENV ${name} copies ${unquoted} into the image: its value stays ${where}` : `${ins.keyword} ${name} has a literal value: it stays ${where}`;
    return [{ instruction: ins, message: `${what}; pass it with RUN --mount=type=secret,id=${name.toLowerCase()} to the RUN that needs it, and at run time from the platform's secrets` }];
  });
}

/** Names a secret file may have, to skip reading COPYs that cannot name one when there is no context. */
const SECRET_NAME_HINT = /\.env|id_(rsa|dsa|ecdsa|ed25519)|\.git-credentials|\.netrc|\.key\b/;

function secretFiles(doc: Document, ins: Instruction, context: TransformContext): ProposedFinding[] {
  const view = context.buildContext;
  if (!view && !SECRET_NAME_HINT.test(doc.source.slice(ins.argsStart, ins.argsEnd))) return [];
  const args = copyArgs(doc, ins);
  if (!args || args.from !== undefined || args.form === 'heredoc') return [];
  const found: ProposedFinding[] = [];
  const seen = new Set<string>();
  const report = (path: string, what: string, broad: boolean) => {
    if (seen.has(path)) return;
    seen.add(path);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const advice = MOUNT_ADVICE[name] ?? 'mount it only where it is needed (RUN --mount=type=secret) and leave it out with .dockerignore';
    found.push({ instruction: ins, message: `${ins.keyword} puts ${path} (${what}) into the image${broad ? ' with the rest of the folder' : ''}; ${advice}` });
  };
  for (const source of args.sources) {
    if (!source.literal || isRemoteSource(source.value)) continue;
    const clean = cleanPath(source.value);
    if (!view) {
      const what = secretIn(clean, undefined);
      if (what) report(clean, what, false);
      continue;
    }
    for (const [file] of scanContext(view).files) {
      if (ignoredAfterEdits(context, file)) continue; // a change of this run leaves it out
      const relation = sourceRelation(source.value, file);
      if (relation !== 'names' && relation !== 'covers') continue;
      const what = secretIn(file, () => view.read(file));
      if (what) report(file, what, relation === 'covers');
    }
  }
  return found;
}
