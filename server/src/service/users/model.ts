/**
 * The structural model of a `rudder-users.xml`: which elements Rudder reads, with their attributes and exact
 * ranges. Built from the tolerant scan, so it exists for half-typed files too; well-formedness is carried
 * alongside as problems. Building it never throws.
 */
import { USERS_XML } from '../rudder';
import { findSuppressions, type Suppression } from '../suppression';
import { allElements, attribute, scanXml, type XmlAttribute, type XmlElement, type XmlScan } from '../xml/scan';
import { checkWellFormed, type SyntaxProblem } from '../xml/wellFormed';

export interface UserDecl {
  element: XmlElement;
  name?: XmlAttribute;
  password?: XmlAttribute;
  role?: XmlAttribute;
  permissions?: XmlAttribute;
  roles?: XmlAttribute;
  tenants?: XmlAttribute;
}

export interface RoleDecl {
  element: XmlElement;
  name?: XmlAttribute;
  permissions?: XmlAttribute;
  roles?: XmlAttribute;
}

export interface UsersModel {
  kind: 'users';
  text: string;
  scan: XmlScan;
  /** Fatal problems as Rudder's XML parser would see them (empty when well-formed). */
  syntax: SyntaxProblem[];
  /** Elements named `authentication`, anywhere (Rudder requires exactly one, and it must be the root). */
  authenticationElements: XmlElement[];
  /** The `<authentication>` element whose children Rudder reads, when the document root is one. */
  root?: XmlElement;
  /** The document's first element, whatever its name. */
  documentElement?: XmlElement;
  hash?: XmlAttribute;
  caseSensitivity?: XmlAttribute;
  unsafeHashes?: XmlAttribute;
  customRolesBlocks: XmlElement[];
  roles: RoleDecl[];
  users: UserDecl[];
  /** `<!-- rudder-lint-disable-next-line … -->` directives. */
  suppressions: Suppression[];
  /** Set when the text was too large to parse (the model is then empty); `text` is the real text. */
  oversize?: { size: number; text: string };
}

/** `syntax`: the verdict on the file's bytes (`checkWellFormedBytes`) when the caller read them itself. */
export function parseUsers(text: string, syntax: SyntaxProblem[] = checkWellFormed(text).problems): UsersModel {
  const scan = scanXml(text);
  const authenticationElements: XmlElement[] = [];
  const startTagEnds = new Map<number, number>();
  for (const el of allElements(scan.roots)) {
    if (el.name === USERS_XML.root) authenticationElements.push(el);
    startTagEnds.set(el.start, el.startTagEnd ?? el.nameRange.end);
  }
  const documentElement = scan.roots[0];
  const root = documentElement?.name === USERS_XML.root ? documentElement : undefined;
  const children = root?.children ?? [];
  const customRolesBlocks = children.filter((c) => c.name === USERS_XML.customRoles);
  const roles: RoleDecl[] = customRolesBlocks.flatMap((block) =>
    block.children
      .filter((c) => c.name === USERS_XML.role)
      .map((element) => ({
        element,
        name: attribute(element, 'name'),
        permissions: attribute(element, 'permissions'),
        roles: attribute(element, USERS_XML.ignoredRolesAttribute),
      })),
  );
  const users: UserDecl[] = children
    .filter((c) => c.name === USERS_XML.user)
    .map((element) => ({
      element,
      name: attribute(element, 'name'),
      password: attribute(element, 'password'),
      role: attribute(element, 'role'),
      permissions: attribute(element, 'permissions'),
      roles: attribute(element, USERS_XML.ignoredRolesAttribute),
      tenants: attribute(element, 'tenants'),
    }));
  return {
    kind: 'users',
    text,
    scan,
    syntax,
    authenticationElements,
    root,
    documentElement,
    hash: root && attribute(root, 'hash'),
    caseSensitivity: root && attribute(root, 'case-sensitivity'),
    unsafeHashes: root && attribute(root, 'unsafe-hashes'),
    customRolesBlocks,
    roles,
    users,
    suppressions: findSuppressions(text, scan.comments, (offset) => startTagEnds.get(offset) ?? offset),
  };
}
