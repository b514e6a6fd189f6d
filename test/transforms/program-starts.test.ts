import { describe, expect, it } from 'vitest';
import { memoryContext } from '../../src/context/view.js';
import { programStarts } from '../../transforms/program-starts.js';

const starts = (path: string, text: string) => programStarts(memoryContext({ [path]: text }), path);

describe('program-starts', () => {
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
