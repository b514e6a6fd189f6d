import { describe, expect, it } from 'vitest';
import { Document } from '../../src/document.js';
import { applyEdits } from '../../src/edits.js';
import { placeCleanup, privilegePrefix } from '../../transforms/cleanup-placement.js';
import { managerSites, sitesOf } from '../../transforms/manager-commands.js';
import { manager } from '../../transforms/package-managers.js';

/** Places `rm -rf /var/lib/apt/lists/*` after the apt-get commands of the file's RUN: the new text, or why not. */
function place(src: string): string {
  const doc = new Document(src);
  const ins = doc.instructions.find((i) => i.keyword === 'RUN')!;
  const placement = placeCleanup(doc, ins, 'rm -rf /var/lib/apt/lists/*', 'test', managerSites(doc, ins, manager('apt')));
  return 'change' in placement ? applyEdits(src, placement.change.edits) : `blocked: ${placement.blocker}`;
}

describe('placeCleanup', () => {
  it('appended to the RUN when that is equivalent', () => {
    expect(place('FROM d\nRUN apt-get update && apt-get install -y x\n')).toBe('FROM d\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n');
  });

  it('at the end of the subshell the RUN ends in, under set -e', () => {
    expect(place('FROM d\nRUN ( set -e; apt-get update; apt-get install -y x )\n')).toBe('FROM d\nRUN ( set -e; apt-get update; apt-get install -y x && rm -rf /var/lib/apt/lists/* )\n');
  });

  it('a group that is not the last thing to run is not entered', () => {
    expect(place('FROM d\nRUN set -e; { apt-get update; apt-get install -y x; }; for f in a; do :; done\n')).toMatch(/^blocked: under set -e/);
  });

  it('in a heredoc script, on a line of its own', () => {
    expect(place('FROM d\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n')).toBe('FROM d\nRUN <<EOF\napt-get update\napt-get install -y x &&\nrm -rf /var/lib/apt/lists/*\nEOF\n');
  });

  it('not where the last command would land in a heredoc body of the script', () => {
    expect(place("FROM d\nRUN <<EOF\napt-get update && apt-get install -y x\ncat > /f <<'X'\nhi\nX\nEOF\n")).toMatch(/reads a heredoc/);
  });
});

describe('privilegePrefix', () => {
  const prefix = (body: string) => {
    const doc = new Document(`FROM d\nRUN ${body}\n`);
    return privilegePrefix(sitesOf(doc, doc.instructions[1]).filter((s) => s.resolved.name === 'apt-get'));
  };

  it('plain sudo, on the install or on the shell running it', () => {
    expect(prefix('sudo apt-get install -y x')).toEqual({ prefix: 'sudo ' });
    expect(prefix("sudo sh -c 'apt-get install -y x'")).toEqual({ prefix: 'sudo ' });
    expect(prefix('apt-get install -y x')).toEqual({ prefix: '' });
  });

  it('sudo with options, or another user or root', () => {
    expect(prefix('sudo -u root apt-get install -y x')).toHaveProperty('blocker');
    expect(prefix("su -c 'apt-get install -y x'")).toHaveProperty('blocker');
    expect(prefix('chroot /t apt-get install -y x')).toHaveProperty('blocker');
  });
});
