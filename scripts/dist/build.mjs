// `npm run dist`: rudder-lint for Rudder servers without Node. Builds, into build/:
//   rudder-lint                      a Node single-executable application (linux-x64) with the CLI and, as
//                                    `rudder-lint lsp --stdio`, the language server (hash worker embedded)
//   rudder-lint.1.gz                 the man page, generated from `rudder-lint --help`
//   rudder-lint_VERSION_amd64.deb    both under /usr, with editors/vim for Vim and Neovim (dpkg-deb)
//   rudder-lint-VERSION-1.x86_64.rpm the same (rpmbuild)
// Needs: this Node (its binary becomes the executable), strip (binutils), dpkg-deb, rpmbuild (Debian's rpm).
import { build } from 'esbuild';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { common } from '../../esbuild.mjs';
import { manPage } from './manpage.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = path.join(ROOT, 'build');
const WORK = path.join(OUT, 'work');
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const { version } = pkg;
const SUMMARY = "Linter and language server for Rudder's rudder-users.xml and rudder-web.properties";
const DESCRIPTION = [
  'Checks the security configuration of a Rudder server (users, password hashes, roles,',
  'LDAP, sessions, HSTS) against the Rudder version it runs, for CI and for the shell;',
  '"rudder-lint lsp --stdio" is the language server for editors. A single executable:',
  'it needs no Node.js.',
];

if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`npm run dist builds for linux-x64, not ${process.platform}-${process.arch}`);

/** Run a tool, its output shown only when it fails. */
function run(cmd, args, options = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

/** The same, without blocking: the .deb and the .rpm are compressed at the same time. */
function runAsync(cmd, args, options = {}) {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24, ...options }, (e, stdout, stderr) =>
      e ? reject(new Error(`${cmd} ${args.join(' ')} failed:\n${stdout}${stderr}`)) : resolve(stdout),
    ),
  );
}

/** Seconds since the epoch of the last commit, so that rebuilding the same commit gives the same dates. */
function sourceDate() {
  const fromEnv = Number(process.env.SOURCE_DATE_EPOCH);
  if (fromEnv) return fromEnv;
  try {
    return Number(run('git', ['log', '-1', '--format=%ct'], { cwd: ROOT }).trim());
  } catch {
    return Math.floor(Date.now() / 1000);
  }
}

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(WORK, { recursive: true });
const epoch = sourceDate();

// 1. The executable's script (the CLI with the server linked in) and the worker as an ES module asset.
const main = path.join(WORK, 'main.js');
const worker = path.join(WORK, 'hashWorker.mjs');
await Promise.all([
  build({ ...common, entryPoints: [path.join(ROOT, 'server/src/cli/bin.ts')], outfile: main }),
  build({ ...common, format: 'esm', entryPoints: [path.join(ROOT, 'server/src/hashing/worker.ts')], outfile: worker }),
]);
const seaConfig = path.join(WORK, 'sea-config.json');
const blob = path.join(WORK, 'sea-prep.blob');
fs.writeFileSync(seaConfig, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets: { 'hashWorker.mjs': worker } }));
run(process.execPath, ['--experimental-sea-config', seaConfig]);

// 2. A copy of this Node without its debug symbols (13 MB less), then the script injected into it.
const exe = path.join(OUT, 'rudder-lint');
run('strip', ['--strip-all', '-o', exe, process.execPath]);
run(path.join(ROOT, 'node_modules/.bin/postject'), [exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
fs.chmodSync(exe, 0o755);

// 3. The man page.
const help = run(exe, ['--help']);
const date = new Date(epoch * 1000).toISOString().slice(0, 10);
const man = path.join(OUT, 'rudder-lint.1.gz');
fs.writeFileSync(man, gzipSync(manPage(help, version, date), { level: 9 }));

/** editors/vim (`:compiler rudder_lint`, ALE linters), on the runtime path of Vim and of Neovim as packaged. */
const VIM_DIRS = ['usr/share/vim/vimfiles', 'usr/share/nvim/site'];
const vimFiles = fs.readdirSync(path.join(ROOT, 'editors/vim'), { recursive: true }).filter((f) => f.endsWith('.vim')).sort();
const installedVimFiles = VIM_DIRS.flatMap((d) => vimFiles.map((f) => `/${d}/${f}`));

/** The rule reference and the command-line guide, readable offline on a Rudder server (the man page names them). */
const DOCS = ['docs/rules.md', 'docs/cli.md'];

/**
 * The installed tree: /usr/bin/rudder-lint, its man page, the licence (in `licenceDir`), the docs (in
 * /usr/share/doc/rudder-lint) and the Vim files.
 */
function stage(root, licenceDir) {
  const docDir = 'usr/share/doc/rudder-lint';
  fs.mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
  fs.mkdirSync(path.join(root, 'usr/share/man/man1'), { recursive: true });
  fs.mkdirSync(path.join(root, docDir), { recursive: true });
  fs.mkdirSync(path.join(root, licenceDir), { recursive: true });
  fs.copyFileSync(exe, path.join(root, 'usr/bin/rudder-lint'));
  fs.chmodSync(path.join(root, 'usr/bin/rudder-lint'), 0o755);
  fs.copyFileSync(man, path.join(root, 'usr/share/man/man1/rudder-lint.1.gz'));
  fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(root, licenceDir, 'copyright'));
  for (const d of DOCS) fs.copyFileSync(path.join(ROOT, d), path.join(root, docDir, path.basename(d)));
  for (const dir of VIM_DIRS) {
    for (const f of vimFiles) {
      fs.mkdirSync(path.dirname(path.join(root, dir, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'editors/vim', f), path.join(root, dir, f));
    }
  }
}

// 4. The .deb (xz, which every dpkg Rudder runs on reads; level 2: 4 times faster than 6 for 12 % more).
const debRoot = path.join(WORK, 'deb');
stage(debRoot, 'usr/share/doc/rudder-lint');
fs.mkdirSync(path.join(debRoot, 'DEBIAN'));
const installedKiB = Math.ceil(fs.statSync(exe).size / 1024) + 8;
fs.writeFileSync(
  path.join(debRoot, 'DEBIAN/control'),
  [
    'Package: rudder-lint',
    `Version: ${version}`,
    'Architecture: amd64',
    'Maintainer: Rudder tooling contributors <noreply@rudder-tooling.invalid>',
    `Installed-Size: ${installedKiB}`,
    'Depends: libc6 (>= 2.28), libstdc++6 (>= 5.2), libgcc-s1 | libgcc1',
    'Section: admin',
    'Priority: optional',
    `Homepage: ${pkg.homepage}`,
    `Description: ${SUMMARY}`,
    ...DESCRIPTION.map((l) => ` ${l}`),
    '',
  ].join('\n'),
);
const deb = path.join(OUT, `rudder-lint_${version}_amd64.deb`);
const debBuilt = runAsync('dpkg-deb', ['--root-owner-group', '-Zxz', '-z2', '--build', debRoot, deb], { env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) } });

// 5. The .rpm from the same files (no strip or debuginfo pass: stripping would cut the injected script).
const rpmTop = path.join(WORK, 'rpm');
const rpmRoot = path.join(WORK, 'rpmroot');
stage(rpmRoot, 'usr/share/licenses/rudder-lint');
fs.renameSync(path.join(rpmRoot, 'usr/share/licenses/rudder-lint/copyright'), path.join(rpmRoot, 'usr/share/licenses/rudder-lint/LICENSE'));
const spec = path.join(WORK, 'rudder-lint.spec');
fs.writeFileSync(
  spec,
  [
    'Name: rudder-lint',
    `Version: ${version}`,
    'Release: 1',
    `Summary: ${SUMMARY}`,
    `License: ${pkg.license}`,
    `URL: ${pkg.homepage}`,
    'BuildArch: x86_64',
    '%global debug_package %{nil}',
    '%global __os_install_post %{nil}',
    '%global _build_id_links none',
    '%description',
    ...DESCRIPTION,
    '%install',
    `cp -a ${rpmRoot}/. %{buildroot}/`,
    '%files',
    '%attr(0755,root,root) /usr/bin/rudder-lint',
    '/usr/share/man/man1/rudder-lint.1.gz',
    '%license /usr/share/licenses/rudder-lint/LICENSE',
    ...DOCS.map((d) => `%doc /usr/share/doc/rudder-lint/${path.basename(d)}`),
    ...installedVimFiles,
    '',
  ].join('\n'),
);
const rpmBuilt = runAsync('rpmbuild', [
  '-bb', '--quiet', '--target', 'x86_64-linux',
  '--define', `_topdir ${rpmTop}`,
  '--define', '_binary_payload w2.xzdio',
  '--define', 'use_source_date_epoch_as_buildtime 1',
  '--define', 'clamp_mtime_to_source_date_epoch 1',
  '--define', '_buildhost rudder-lint',
  spec,
], { env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) } });
await Promise.all([debBuilt, rpmBuilt]);
const rpm = path.join(OUT, `rudder-lint-${version}-1.x86_64.rpm`);
fs.renameSync(path.join(rpmTop, 'RPMS/x86_64', path.basename(rpm)), rpm);

fs.rmSync(WORK, { recursive: true, force: true });
for (const f of [exe, man, deb, rpm]) process.stdout.write(`${path.relative(ROOT, f)}  ${(fs.statSync(f).size / 1e6).toFixed(1)} MB\n`);
