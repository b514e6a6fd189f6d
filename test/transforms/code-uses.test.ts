import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { inlineCodeUses, libraryLoads, programStarts } from '../../transforms/code-uses.js';

const starts = (path: string, text: string) => programStarts(memoryContext({ [path]: text }), path);

describe('code-uses', () => {
  it('Python: subprocess, os.system and os.exec* start programs', () => {
    expect(starts('app.py', 'import subprocess\nsubprocess.run(["git", "pull"])\n')).toBe('subprocess or os.system');
    expect(starts('tools/run.py', 'import os\nos.execvp("nginx", ["nginx"])\n')).toBe('subprocess or os.system');
    expect(starts('app.py', 'import os\nprint(os.getcwd())\n')).toBeUndefined();
  });

  it('JavaScript and TypeScript: child_process, in any module syntax', () => {
    expect(starts('index.js', "const { execSync } = require('child_process');\n")).toBe('child_process');
    expect(starts('src/main.ts', "import { spawn } from 'node:child_process';\n")).toBe('child_process');
    expect(starts('index.mjs', "import fs from 'node:fs';\n")).toBeUndefined();
  });

  it('Go, Rust, Java, C#, Ruby and PHP have their own ways', () => {
    expect(starts('main.go', 'import "os/exec"\n')).toBe('os/exec');
    expect(starts('src/main.rs', 'let out = Command::new("uname").output();\n')).toBe('std::process::Command');
    expect(starts('App.java', 'Process p = new ProcessBuilder("ls").start();\n')).toBe('ProcessBuilder or Runtime.exec');
    expect(starts('Program.cs', 'Process.Start("ffmpeg", args);\n')).toBe('Process.Start');
    expect(starts('app.rb', 'version = `git describe`\n')).toBe('system, spawn or backquotes');
    expect(starts('index.php', '<?php echo shell_exec("ls"); ?>\n')).toBe('exec, system or proc_open');
  });

  it('files that are not code, or code in a language not known, are not read', () => {
    expect(starts('README.md', 'run subprocess.run to start it')).toBeUndefined();
    expect(starts('main.c', 'system("ls");')).toBeUndefined();
  });
});

describe('code-uses: libraries loaded by name', () => {
  const loads = (path: string, text: string) => libraryLoads(memoryContext({ [path]: text }), path);

  it('Python ctypes and cffi, C dlopen, Go plugins', () => {
    expect(loads('app.py', 'import ctypes.util\nlib = ctypes.CDLL(ctypes.util.find_library("curl"))\n')).toBe('ctypes or cffi');
    expect(loads('ext/load.c', 'void *h = dlopen("libmagic.so.1", RTLD_NOW);\n')).toBe('dlopen');
    expect(loads('main.go', 'import "plugin"\n')).toBe('plugin or dlopen');
    expect(loads('app.py', 'import json\n')).toBeUndefined();
  });
});

describe('code-uses: inline code', () => {
  it('python -c and node -e code is read like a file of its language', () => {
    expect(inlineCodeUses('import subprocess; subprocess.run(["git"])', 'inline.py')).toBe('subprocess or os.system');
    expect(inlineCodeUses("require('child_process').execSync('ls')", 'inline.js')).toBe('child_process');
    expect(inlineCodeUses('import ctypes', 'inline.py')).toBe('ctypes or cffi');
    expect(inlineCodeUses('print(1)', 'inline.py')).toBeUndefined();
  });
});
