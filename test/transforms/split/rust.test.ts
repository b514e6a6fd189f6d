import { describe, expect, it } from 'vitest';
import { blocked, split, splitMessages } from './helpers.js';

const cargo = '[package]\nname = "hello-web"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde = "1"\n';
const lock = (...names: string[]) => `version = 3\n\n${names.map((n) => `[[package]]\nname = "${n}"\nversion = "1.0.0"\n`).join('\n')}`;
const main = 'fn main() {\n    println!("hello");\n}\n';
const crate = { 'Cargo.toml': cargo, 'Cargo.lock': lock('hello-web', 'serde'), 'src/main.rs': main };

const naive = `FROM rust:1.77-bookworm

WORKDIR /usr/src/app
COPY . .
RUN cargo build --release

EXPOSE 3000
CMD ["./target/release/hello-web"]
`;

describe('Rust builds', () => {
  it('cargo build --release: the binary named after the package, hyphens kept, on distroless cc', () => {
    expect(split(naive, crate)).toBe(`FROM rust:1.77-bookworm AS build

WORKDIR /usr/src/app
COPY . .
RUN cargo build --release

FROM gcr.io/distroless/cc-debian12:nonroot
WORKDIR /usr/src/app
COPY --from=build /usr/src/app/target/release/hello-web /usr/src/app/target/release/hello-web
EXPOSE 3000
CMD ["./target/release/hello-web"]
`);
    expect(splitMessages(naive, crate)).toEqual([
      'split into a build stage and a runtime stage on gcr.io/distroless/cc-debian12:nonroot: the Rust binary /usr/src/app/target/release/hello-web',
    ]);
  });

  it('a [[bin]] entry names the binary', () => {
    const named = { ...crate, 'Cargo.toml': `${cargo}\n[[bin]]\nname = "web"\npath = "src/main.rs"\n` };
    expect(split(naive.replace('./target/release/hello-web', '/usr/src/app/target/release/web'), named)).toContain(
      'COPY --from=build /usr/src/app/target/release/web /usr/src/app/target/release/web\n',
    );
  });

  it('several binaries: the one CMD runs', () => {
    const two = { ...crate, 'src/bin/migrate.rs': main };
    expect(split(naive.replace('./target/release/hello-web', './target/release/migrate'), two)).toContain(
      'COPY --from=build /usr/src/app/target/release/migrate /usr/src/app/target/release/migrate\n',
    );
  });

  it('openssl-sys links libssl, which distroless cc holds; a musl target runs on static', () => {
    expect(split(naive, { ...crate, 'Cargo.lock': lock('hello-web', 'openssl-sys', 'openssl') })).toContain('FROM gcr.io/distroless/cc-debian12:nonroot\n');
    const musl = naive.replace('cargo build --release', 'cargo build --release --target x86_64-unknown-linux-musl').replace('./target/release/', './target/x86_64-unknown-linux-musl/release/');
    expect(split(musl, crate)).toContain('FROM gcr.io/distroless/static-debian12:nonroot\n');
  });
});

describe('Rust builds the split leaves alone', () => {
  it('a crate that links a library distroless lacks', () => {
    expect(blocked(naive, { ...crate, 'Cargo.lock': lock('hello-web', 'libz-sys') })).toEqual([
      'Rust build not split: the crate libz-sys links a native library the runtime image may not have',
    ]);
  });

  it('several binaries and a container that names none', () => {
    expect(blocked(naive.replace('CMD ["./target/release/hello-web"]', 'CMD ["sh", "-c", "./run.sh"]'), { ...crate, 'src/bin/migrate.rs': main })).toEqual([
      'Rust build not split: the package builds several binaries (hello-web, migrate), and the container does not name one of them',
    ]);
  });

  it('a program that finds its files by the folder it was built in (CARGO_MANIFEST_DIR)', () => {
    const code = 'fn main() {\n    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seed.csv");\n    println!("{}", std::fs::read_to_string(p).unwrap());\n}\n';
    expect(blocked(naive, { ...crate, 'src/main.rs': code, 'fixtures/seed.csv': 'a,b\n' })).toEqual([
      'Rust build not split: src/main.rs finds files by the folder it was built in (CARGO_MANIFEST_DIR), which the split cannot follow',
    ]);
  });

  it('a workspace', () => {
    expect(blocked(naive, { ...crate, 'Cargo.toml': '[workspace]\nmembers = ["api", "worker"]\n' })).toEqual([
      'Rust build not split: Cargo.toml names no binary (a workspace or a library)',
    ]);
  });

  it('dependencies without a Cargo.lock', () => {
    const { 'Cargo.lock': _, ...unlocked } = crate;
    expect(blocked(naive, unlocked)).toEqual(['Rust build not split: there is no Cargo.lock to tell which crates link native libraries']);
  });

  it('cargo install', () => {
    expect(blocked(naive.replace('cargo build --release', 'cargo install --path .'), crate)).toEqual([
      'Rust build not split: `cargo install` puts the binary where the split does not follow; build it with cargo build',
    ]);
  });
});
