/**
 * What Rudder rewrites in rudder-users.xml when it starts (rudder-spec.md §1, C2, C3). The `CheckUsersFile`
 * bootstrap check re-serialises the file with `RudderPrettyPrinter(300, 4)` when it changes something, keeping a
 * backup that it deletes after a successful rewrite.
 *
 * Nothing orders that rewrite before the first load of the users (rudder@8.2–10.0 CUF `checks()`:
 * `prog…forkDaemon.runNow` starts it on a fiber of its own and returns at once). It is started among the
 * post-instantiation bootstrap checks of `RudderConfig.init()` (rudder@9.1 RudderConfig.scala:3578, 1482), and the
 * first load is `Boot.boot()`'s `rudderUserListProvider.reload()` (Boot.scala:837), later in the start; 8.3 takes
 * the users-file semaphore around the check (`inUserFileSemaphore`, 1 s timeout), so the two do not overlap, but
 * 9.0+ does not (`transformUserFile` is called outside it, and `overwrite` truncates then writes). So the first load
 * reads the rewritten file when the rewrite has finished by then, and the file as it was otherwise (or, on 9.0+, a
 * file being written). Every successful reload runs the check again ("check-users-file-callback",
 * AppConfigAuth.scala:343-348), after parsing: the users loaded are those of the file read.
 *
 * - up to 8.1: nothing is rewritten;
 * - 8.2–8.3 (rudder@8.3 `rudder-web/.../checks/earlyconfig/db/CheckUsersFile.scala:75-94`): a legacy `hash`
 *   (md5/sha*) becomes `hash="bcrypt" unsafe-hashes="true"` (even over `unsafe-hashes="false"`,
 *   `RudderUserDetailsFile.scala:518`); an unknown, empty or missing `hash`, or an `unsafe-hashes` that is set but
 *   not `true`/`false`, becomes `hash="bcrypt" unsafe-hashes="false"` (`:519`); an empty `unsafe-hashes=""` is
 *   unset (`:674-675`) and triggers nothing on its own;
 * - 9.0+ (rudder@9.1 CUF:61): `enforceModern` runs at every start: `hash="argon2id"`, `unsafe-hashes` removed,
 *   and the whole file re-serialised through scala-xml (`UserManagementService.scala:116-121,144`), which drops
 *   the XML declaration and any DOCTYPE, and repairs what `REWRITE_TOLERATES_SYNTAX` says.
 */
import { interpretHashAttribute, isDigest } from './hashes';
import { since, Timeline, type RudderVersion } from './releases';

export type StartupRewrite = 'none' | 'modernise' | 'enforce-argon2id';
export const STARTUP_REWRITE = new Timeline<StartupRewrite>({ '7.0': 'none', '8.2': 'modernise', '9.0': 'enforce-argon2id' });

/**
 * The 9.0+ re-serialisation reads the file with scala-xml's `ConstructingParser` (`UserManagementService.scala:
 * 116-121`; scala-xml 1.3.0 in 9.0, 1.3.1 in 9.1, 2.4.0 from 9.2: webapp/sources/pom.xml `scala-xml-version` at
 * tags 9.0.9, 9.1.4, 9.2.0.alpha1), whose `MarkupHandler` records the `<!ATTLIST>` declarations and applies none
 * (`attListDecl` does nothing, `ConstructingHandler` builds each element from its written attributes): an
 * attribute a DOCTYPE default gave is not in the file it writes, and the DOCTYPE is gone.
 */
export const REWRITE_DROPS_DOCTYPE_DEFAULTS = since('9.0');

/**
 * The same parser takes what the JDK's refuses (`xml/scalaXml.ts`, the same in the three scala-xml versions): it
 * only reports a duplicated attribute, keeps an entity reference it does not know (declared in the DOCTYPE or
 * not) as its text in an attribute value and makes it a comment in content, and the file it writes is one the JDK
 * reads. So from 9.0 a file that a reload rejects for these loads once the rewrite has run, with the values it
 * wrote (`decodeAsRewritten`); 8.2–8.3 read the file with `XmlSafe` before rewriting it and rewrite nothing then.
 */
export const REWRITE_TOLERATES_SYNTAX = since('9.0');

/** The root attributes after Rudder's start-up check: a value to set, or `null` to remove; absent = kept. */
export interface RootRewrite {
  hash?: string;
  unsafeHashes?: string | null;
  /** The whole file is re-serialised (formatting, XML declaration and DOCTYPE are not kept). */
  reserialised: boolean;
}

/** What the start-up check of version `v` does to a file with these root attributes (undefined: unset). */
export function startupRewrite(v: RudderVersion, hash: string | undefined, unsafeHashes: string | undefined): RootRewrite | undefined {
  switch (STARTUP_REWRITE.at(v)) {
    case 'none':
      return undefined;
    case 'enforce-argon2id':
      return { hash: 'argon2id', ...(unsafeHashes !== undefined ? { unsafeHashes: null } : {}), reserialised: true };
    case 'modernise': {
      const meaning = interpretHashAttribute(hash, v);
      const unsafe = unsafeHashes?.toLowerCase();
      const unsafeInvalid = unsafe !== undefined && unsafe !== '' && unsafe !== 'true' && unsafe !== 'false';
      if (meaning.recognised && isDigest(meaning.setting)) return { hash: 'bcrypt', unsafeHashes: 'true', reserialised: true };
      if (!meaning.recognised || unsafeInvalid) return { hash: 'bcrypt', unsafeHashes: 'false', reserialised: true };
      return undefined;
    }
  }
}
