/** The playground page: reads the form, runs dockerslim on it, shows the result and keeps the input in the link. */
import { transforms } from '../src/index.js';
import type { Transform } from '../src/index.js';
import { exampleState } from './example.js';
import { runPlayground, type Outcome } from './run.js';
import { decodeState, encodeState, type ContextFile, type PlaygroundState } from './state.js';

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

const editor = byId<HTMLTextAreaElement>('dockerfile');
const unsafeSwitch = byId<HTMLInputElement>('unsafe');
const contextFiles = byId<HTMLOListElement>('context-files');
const linkStatus = byId('link-status');

/** Link updates wait for a pause in typing; each compresses the whole state. */
const SAVE_DELAY_MS = 150;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const code = (text: string) => el('code', {}, text);

function tierBadge(safety: string | undefined): HTMLElement {
  return el('span', { className: `tier tier-${safety ?? 'report'}` }, safety ?? 'report');
}

// ---- transform toggles --------------------------------------------------------------------------

function transformToggle(t: Transform): HTMLLIElement {
  const box = el('input', { type: 'checkbox', id: `transform-${t.id}`, checked: true });
  box.dataset.transform = t.id;
  const about = el('p', { id: `transform-${t.id}-about`, className: 'about' }, t.description);
  if (t.risk) about.append(el('span', { className: 'risk' }, ` Risk: ${t.risk}.`));
  box.setAttribute('aria-describedby', about.id);
  const hadolint = t.hadolint?.length ? el('span', { className: 'hadolint' }, t.hadolint.join(', ')) : '';
  return el('li', {}, box, el('label', { htmlFor: box.id }, code(t.id)), hadolint, about);
}

function transformBoxes(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>('input[data-transform]')];
}

// ---- build context rows -------------------------------------------------------------------------

function contextRow(file: ContextFile, position: number): HTMLLIElement {
  const name = el('input', { type: 'text', id: `context-name-${position}`, className: 'context-name', value: file.name, spellcheck: false, autocomplete: 'off', placeholder: 'package.json' });
  const content = el('textarea', { id: `context-content-${position}`, className: 'context-content', value: file.content, rows: 4, spellcheck: false, wrap: 'off' });
  const remove = el('button', { type: 'button', className: 'remove' }, 'Remove');
  remove.setAttribute('aria-label', `Remove context file ${position}`);
  remove.addEventListener('click', () => {
    const files = readContext();
    files.splice(position - 1, 1);
    showContext(files);
    update();
    (contextFiles.querySelector<HTMLButtonElement>(`li:nth-child(${Math.min(position, files.length)}) .remove`) ?? byId('add-context-file')).focus();
  });
  return el(
    'li',
    {},
    el('label', { htmlFor: name.id }, `Path of file ${position}`),
    name,
    el('label', { htmlFor: content.id }, `Content of file ${position}`),
    content,
    remove,
  );
}

function readContext(): ContextFile[] {
  return [...contextFiles.children].map((row) => ({
    name: row.querySelector<HTMLInputElement>('.context-name')!.value,
    content: row.querySelector<HTMLTextAreaElement>('.context-content')!.value,
  }));
}

function showContext(files: readonly ContextFile[]): void {
  contextFiles.replaceChildren(...files.map((f, i) => contextRow(f, i + 1)));
  byId('context-count').textContent = String(files.length);
}

// ---- state <-> form -----------------------------------------------------------------------------

function readState(): PlaygroundState {
  return {
    dockerfile: editor.value,
    unsafe: unsafeSwitch.checked,
    disabled: transformBoxes().filter((b) => !b.checked).map((b) => b.dataset.transform!),
    context: readContext(),
  };
}

function showState(state: PlaygroundState): void {
  editor.value = state.dockerfile;
  unsafeSwitch.checked = state.unsafe;
  const off = new Set(state.disabled);
  for (const box of transformBoxes()) box.checked = !off.has(box.dataset.transform!);
  showContext(state.context);
  byId<HTMLDetailsElement>('context').open ||= state.context.length > 0;
}

// ---- result -------------------------------------------------------------------------------------

function diffLine(line: string): HTMLElement {
  const kind = line.startsWith('+++') || line.startsWith('---') || line.startsWith('\\') ? 'meta'
    : line.startsWith('@@') ? 'hunk'
    : line.startsWith('+') ? 'add'
    : line.startsWith('-') ? 'del'
    : 'context';
  return el('span', { className: `line ${kind}` }, `${line}\n`);
}

function emptyRow(columns: number, text: string): HTMLTableRowElement {
  return el('tr', { className: 'empty' }, el('td', { colSpan: columns }, text));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function showOutcome(outcome: Outcome): void {
  const error = byId('error');
  const diff = byId('diff');
  const changes = byId('changes').querySelector('tbody')!;
  const findings = byId('findings').querySelector('tbody')!;
  const output = byId('output');
  const summary = byId('summary');
  const heldBack = byId('held-back');
  byId('unsafe-group').classList.toggle('inactive', !unsafeSwitch.checked);

  if (outcome.kind === 'error') {
    error.replaceChildren(
      el('strong', {}, outcome.source === 'context' ? 'The build context has a problem' : outcome.line ? `Line ${outcome.line}` : 'dockerslim cannot rewrite this Dockerfile'),
      el('pre', {}, outcome.message),
    );
    error.hidden = false;
    announce(summary, 'No result: see the error below.');
    heldBack.hidden = true;
    diff.replaceChildren();
    changes.replaceChildren(emptyRow(4, 'No result.'));
    findings.replaceChildren(emptyRow(3, 'No result.'));
    output.textContent = '';
    return;
  }

  error.hidden = true;
  error.replaceChildren();
  diff.replaceChildren(...(outcome.diff ? outcome.diff.replace(/\n$/, '').split('\n').map(diffLine) : [el('span', { className: 'line none' }, 'Nothing to rewrite: the Dockerfile comes back unchanged.')]));
  changes.replaceChildren(
    ...(outcome.changes.length
      ? outcome.changes.map((c) => el('tr', {}, el('td', {}, String(c.line)), el('td', {}, code(c.transform)), el('td', {}, tierBadge(c.safety)), el('td', {}, c.message, ...(c.risk ? [el('span', { className: 'risk' }, ` Risk: ${c.risk}.`)] : []))))
      : [emptyRow(4, 'No changes.')]),
  );
  findings.replaceChildren(
    ...(outcome.findings.length
      ? outcome.findings.map((f) => el('tr', {}, el('td', {}, String(f.line)), el('td', {}, code(f.transform)), el('td', {}, f.message)))
      : [emptyRow(3, 'No findings.')]),
  );
  output.textContent = outcome.output;

  announce(summary, `${outcome.changes.length ? plural(outcome.changes.length, 'change') : 'Nothing to rewrite'} · ${plural(outcome.findings.length, 'finding')}.`);
  const held = outcome.heldBack;
  heldBack.hidden = held.length === 0;
  announce(heldBack, held.length
    ? `${plural(held.length, 'unsafe transform')} held back (${held.join(', ')}): turn on “Apply unsafe transforms” to see ${held.length === 1 ? 'its rewrite' : 'their rewrites'}.`
    : '');
}

/** Sets the text of a live region only when it changes, so a screen reader is not told the same thing at every key. */
function announce(region: HTMLElement, text: string): void {
  if (region.textContent !== text) region.textContent = text;
}

// ---- the link -----------------------------------------------------------------------------------

let saveTimer: ReturnType<typeof setTimeout> | undefined;
let saveCount = 0;
let writtenHash = '';

/** Rewrites the fragment once typing pauses; `data-link` on <html> says whether it is up to date. */
function saveSoon(state: PlaygroundState): void {
  document.documentElement.dataset.link = 'pending';
  clearTimeout(saveTimer);
  const mine = ++saveCount;
  saveTimer = setTimeout(async () => {
    const hash = `#${await encodeState(state)}`;
    if (mine !== saveCount) return; // a newer state is on its way
    writtenHash = hash;
    history.replaceState(history.state, '', hash);
    document.documentElement.dataset.link = 'saved';
  }, SAVE_DELAY_MS);
}

async function loadLink(): Promise<void> {
  const notice = byId('notice');
  notice.hidden = true;
  let state = exampleState();
  const encoded = location.hash.slice(1);
  if (encoded) {
    try {
      state = await decodeState(encoded);
    } catch (e) {
      notice.textContent = `This link could not be read (${e instanceof Error ? e.message : String(e)}); the example is shown instead.`;
      notice.hidden = false;
    }
  }
  writtenHash = location.hash;
  showState(state);
  showOutcome(runPlayground(readState()));
  document.documentElement.dataset.link = 'saved';
}

async function copyLink(): Promise<void> {
  const url = `${location.href.split('#')[0]}#${await encodeState(readState())}`;
  try {
    await navigator.clipboard.writeText(url);
    linkStatus.textContent = 'Link copied.';
  } catch {
    linkStatus.textContent = 'The browser refused the clipboard: copy the address bar instead, it holds the same link.';
  }
}

// ---- wiring -------------------------------------------------------------------------------------

function update(): void {
  const state = readState();
  showOutcome(runPlayground(state));
  saveSoon(state);
  linkStatus.textContent = '';
}

function start(): void {
  byId('safe-transforms').append(...transforms.filter((t) => t.safety === 'safe').map(transformToggle));
  byId('unsafe-transforms').append(...transforms.filter((t) => t.safety === 'unsafe').map(transformToggle));
  for (const id of ['dockerfile', 'context-files']) byId(id).addEventListener('input', update);
  for (const id of ['unsafe', 'safe-transforms', 'unsafe-transforms']) byId(id).addEventListener('change', update);
  byId('add-context-file').addEventListener('click', () => {
    showContext([...readContext(), { name: '', content: '' }]);
    update();
    contextFiles.querySelector<HTMLInputElement>('li:last-child .context-name')!.focus();
  });
  byId('load-example').addEventListener('click', () => {
    showState(exampleState());
    update();
    editor.focus();
  });
  byId('copy-link').addEventListener('click', () => void copyLink());
  // A link pasted into this tab's address bar: show it; our own fragment updates do not fire this.
  window.addEventListener('hashchange', () => {
    if (location.hash !== writtenHash) void loadLink();
  });
  void loadLink();
}

start();
