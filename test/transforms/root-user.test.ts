import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/engine.js';
import { rootUser } from '../../transforms/root-user.js';

const findings = (src: string) => runPipeline(src, [], { transforms: [rootUser] }).findings;

describe('root-user', () => {
  it('an app image without USER that cannot be switched is reported on its CMD, with why', () => {
    expect(findings('FROM example.com/base:1\nCOPY server.js .\nCMD ["node", "server.js"]\n')).toEqual([
      { transform: 'root-user', line: 3, message: 'the container runs as root (no USER); one is not added automatically: the base image is not known to the data (its users and tools)' },
    ]);
  });

  it('nothing when non-root-user can add a user (the held-back note says so), or without CMD or ENTRYPOINT', () => {
    expect(findings('FROM node:20-slim\nWORKDIR /app\nCOPY server.js .\nCMD ["node", "server.js"]\n')).toEqual([]);
    expect(findings('FROM debian\nRUN echo a\n')).toEqual([]);
  });

  it('the reason is reported on the instruction that needs root', () => {
    expect(findings('FROM python:3.12-slim\nEXPOSE 80\nCMD ["python", "app.py"]\n')).toMatchObject([{ line: 2 }]);
  });

  it('a last USER root (hadolint DL3002), but not a root USER followed by another', () => {
    expect(findings('FROM debian\nUSER root\nCMD ["app"]\n')).toEqual([
      { transform: 'root-user', line: 2, message: 'the last USER of the final image is root: the container runs as root; switch to an unprivileged user after the steps that need root' },
    ]);
    expect(findings('FROM debian\nUSER 0:0\nRUN apt-get update\nUSER app\nCMD ["app"]\n')).toEqual([]);
    expect(findings('FROM debian\n# hadolint ignore=DL3002\nUSER root\nCMD ["app"]\n')).toEqual([]);
  });

  it('only the last stage counts: a build stage may run as root', () => {
    expect(findings('FROM debian AS build\nRUN make\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n')).toEqual([]);
  });

  it('nothing for an image built FROM scratch (no users) or a Windows image', () => {
    expect(findings('FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n')).toEqual([]);
    expect(findings('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["cmd"]\n')).toEqual([]);
  });
});

describe('root-user and a SHELL that is not POSIX', () => {
  it('a final stage whose SHELL is PowerShell is not judged: users are made another way there', () => {
    expect(findings('FROM example.com/base:1\nSHELL ["pwsh", "-Command"]\nCMD ["app"]\n')).toEqual([]);
  });
});
