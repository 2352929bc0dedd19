/**
 * `rudder-lint --fix`: hash every plain-text password of a users file with bcrypt, through the same hash plan as
 * the editor's "Hash all" action, and write the file atomically under its lock (`io/update.ts`), keeping its
 * encoding and every byte but the replaced values. It says what it changes before writing (user names, never a
 * password), names passwords longer than bcrypt reads, and up to 8.1 (one verifier for the whole file) it only
 * switches the root `hash` with `--switch-hash`, after naming the users that switch locks out.
 */
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hashPassword } from '../hashing/hash';
import type { FileAccess } from '../io/disk';
import { updateXmlFileSync } from '../io/update';
import { analyze, bcryptCostFor, getCodeActions, HASH_PASSWORDS_KIND, hashPlanFor, parse, planEdits, planPasswords, type HashRequest } from '../service/languageService';
import { BCRYPT_MAX_BYTES, HASH_DISPLAY, ONE_VERIFIER_PER_FILE } from '../service/rudder';
import type { Settings } from '../service/settings';
import { plaintextTargets } from '../service/users/codeActions';
import type { UsersEvaluation } from '../service/users/evaluate';
import type { UsersModel } from '../service/users/model';
import { siblingContext } from '../workspace/siblings';

export interface FixOptions {
  settings: Settings;
  dryRun: boolean;
  switchHash: boolean;
  /** How sibling files are read. */
  files: FileAccess;
}

/** "Rudder 8.1 and older": the releases where the root `hash` picks one verifier for every password of the file. */
export const ONE_VERIFIER_RELEASES = ONE_VERIFIER_PER_FILE.labelWhere((x) => x)!;

const MASK = '********';
const NEW_HASH = '<new bcrypt hash>';

/** The plan `--fix` applies to `text`, with the users it hashes and the users a hash switch would lock out. */
function fixPlan(file: string, text: string, settings: Settings, files: FileAccess) {
  const model = parse(text, 'users', settings.maxFileSizeMB) as UsersModel;
  const context = siblingContext(file, 'users', settings, files, model);
  const a = analyze(model, settings, context);
  if (a.kind !== 'users') return undefined;
  const doc = TextDocument.create(pathToFileURL(file).toString(), 'xml', 0, text);
  const [action] = getCodeActions(doc, a, { start: doc.positionAt(0), end: doc.positionAt(0) }, [], {
    bcryptCost: bcryptCostFor(settings, context),
    setPasswordCommand: false,
    only: [HASH_PASSWORDS_KIND],
  });
  const plan = action?.data ? hashPlanFor(a, action.data as HashRequest) : undefined;
  if (!plan) return undefined;
  const ev: UsersEvaluation = a.evaluation;
  const byStart = new Map(plaintextTargets(ev).map((t) => [t.range.start, t.user.name]));
  const users = plan.targets.map((r) => byStart.get(r.start) ?? '?');
  const targeted = new Set(plan.targets.map((r) => r.start));
  const lockedOut = plan.setHash
    ? ev.users.filter((u) => u.loaded && u.password.loginPossible && !targeted.has(u.decl.password?.valueRange?.start ?? -1)).map((u) => u.name)
    : [];
  return { model, ev, plan, users, lockedOut };
}

const quoteList = (names: string[]) => names.map((n) => `'${n}'`).join(', ');

/** `text` with every password value masked, and `edits` applied over the masks (hashes shown as a placeholder). */
function masked(text: string, model: UsersModel, edits: { range: { start: number; end: number }; newText: string }[]): string {
  const all = new Map<number, { start: number; end: number; newText: string }>();
  for (const u of model.users) if (u.password?.valueRange) all.set(u.password.valueRange.start, { ...u.password.valueRange, newText: MASK });
  for (const e of edits) all.set(e.range.start, { ...e.range, newText: e.newText });
  return [...all.values()].sort((x, y) => y.start - x.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/**
 * Fix `file` (a users file). Reports go to `say`; returns the text the file now has and how many passwords were
 * hashed. Throws an `IoError` (exit 2) when the file cannot be read or written faithfully.
 */
export function fixUsersFile(file: string, options: FixOptions, say: (s: string) => void): { text?: string; fixed: number } {
  let fixed = 0;
  let result: string | undefined;
  updateXmlFileSync(path.resolve(file), options.settings.maxFileSizeMB * 1024 * 1024, ({ text }) => {
    result = text;
    const found = fixPlan(path.resolve(file), text, options.settings, options.files);
    if (!found) return undefined;
    const { model, ev, plan, users, lockedOut } = found;
    if (plan.setHash && !options.switchHash) {
      const now = model.hash?.value === undefined ? 'no hash attribute' : `hash="${model.hash.value}"`;
      say(
        `${file}: not fixed: in ${ONE_VERIFIER_RELEASES} one algorithm verifies every password of the file (${now}: ${HASH_DISPLAY[ev.hash.setting]}), so hashing with bcrypt means setting hash="bcrypt"` +
          `${lockedOut.length ? `, and then ${quoteList(lockedOut)} could no longer log in` : ''}. Run --fix --switch-hash to do it anyway.\n`,
      );
      return undefined;
    }
    say(`${file}: ${options.dryRun ? 'would hash' : 'hashing'} the plain-text password of ${quoteList(users)} with ${HASH_DISPLAY[plan.algorithm]}${plan.algorithm === 'bcrypt' ? ` (cost ${plan.cost})` : ''}\n`);
    if (plan.setHash) {
      say(`${file}: ${options.dryRun ? 'would set' : 'setting'} hash="bcrypt" (--switch-hash)${lockedOut.length ? `; ${quoteList(lockedOut)} will no longer log in` : ''}\n`);
    }
    const passwords = planPasswords(text, plan);
    passwords.forEach((p, i) => {
      const bytes = Buffer.byteLength(p, 'utf8');
      if (plan.algorithm === 'bcrypt' && bytes > BCRYPT_MAX_BYTES) {
        say(`${file}: warning: the password of '${users[i]}' is ${bytes} UTF-8 bytes; bcrypt ignores the last ${bytes - BCRYPT_MAX_BYTES} (only the first ${BCRYPT_MAX_BYTES} count)\n`);
      }
    });
    if (options.dryRun) {
      const name = path.basename(file);
      const after = masked(text, model, planEdits(plan, plan.targets.map(() => NEW_HASH)));
      say(createTwoFilesPatch(`a/${name}`, `b/${name}`, masked(text, model, []), after, undefined, undefined, { context: 3, stripTrailingCr: true }));
      return undefined;
    }
    const edits = planEdits(plan, passwords.map((p) => hashPassword(plan.algorithm, p, plan.cost))).sort((x, y) => y.range.start - x.range.start);
    result = edits.reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
    fixed = plan.targets.length;
    return result;
  });
  return { text: result, fixed };
}
