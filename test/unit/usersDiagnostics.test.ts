/**
 * Every users-file rule, in every release where it differs. Each case is a document with `[[…]]` around the
 * range of every diagnostic it gets, and `expect` lists them (`code:severity`, in document order): the whole
 * set, so an unexpected extra finding fails. `says`: substrings some message (or its detail) must contain.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { analyze, getDiagnostics, parse } from '../../server/src/service/languageService';
import { isRuleId } from '../../server/src/service/rules';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import { diagnose, markers, SEVERITY_NAMES, usersDoc } from './markers';

interface Case {
  name: string;
  /** Rudder versions the case holds for. */
  versions: string[];
  doc: string;
  /** `code:severity`, one per `[[…]]` marker, in document order: every diagnostic of the document. */
  expect: string[];
  /** Substrings that some diagnostic's message or detail must contain. */
  says?: string[];
  context?: { authProviders?: string[]; bcryptCost?: number };
}

const ALL = ['7.2', '8.1', '8.3', '9.1'];
const BCRYPT12 = '$2b$12$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const BCRYPT08 = '$2b$08$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const BCRYPT11 = '$2y$11$abcdefghijklmnopqrstuu5jX3pZ2u3mDWf4HNOa7aOeFWpWwNFPu';
const SHA1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
const MD5 = '098f6bcd4621d373cade4e832627b4f6';
const ARGON = '$argon2id$v=19$m=131072,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

const cases: Case[] = [
  // Document level
  { name: 'broken XML is a syntax error', versions: ['7.2'], doc: `<authentication hash="bcrypt"><[[user]] name="a" role="[[user]]">[[</authentication>]]`, expect: ['missing-password:error', 'role-requires-plugin:warning', 'xml-syntax:error'] },
  { name: 'broken XML is a syntax error', versions: ['8.1'], doc: `<authentication hash="bcrypt"><[[user]] name="a" role="[[user]]">[[</authentication>]]`, expect: ['missing-password:information', 'role-requires-plugin:warning', 'xml-syntax:error'] },
  { name: 'broken XML is a syntax error', versions: ['8.3'], doc: `<authentication hash="bcrypt"><[[user]] name="a" role="user">[[</authentication>]]`, expect: ['missing-password:information', 'xml-syntax:error'] },
  { name: 'broken XML is a syntax error', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><[[user]] name="a" role="user">[[</authentication>]]`, expect: ['startup-rewrite:information', 'missing-password:information', 'xml-syntax:error'] },
  { name: 'an undefined entity is fatal for the JVM parser', versions: ['7.2'], doc: `<authentication hash="bcrypt"><[[user]] name="a[[&foo;]]" role="[[user]]"/></authentication>`, expect: ['missing-password:error', 'xml-syntax:error', 'role-requires-plugin:warning'] },
  { name: 'an undefined entity is fatal for the JVM parser', versions: ['8.1'], doc: `<authentication hash="bcrypt"><[[user]] name="a[[&foo;]]" role="[[user]]"/></authentication>`, expect: ['missing-password:information', 'xml-syntax:error', 'role-requires-plugin:warning'] },
  { name: 'an undefined entity is fatal for the JVM parser', versions: ['8.3'], doc: `<authentication hash="bcrypt"><[[user]] name="a[[&foo;]]" role="user"/></authentication>`, expect: ['missing-password:information', 'xml-syntax:error'] },
  // 9.x: a reload refuses the reference (XmlSafe), but the start-up rewrite reads the file with scala-xml's
  // ConstructingParser (rudder@9.0–9.2 UserManagementService.scala:116-121 transformUserFile; scala-xml 1.3.0,
  // 1.3.1, 2.4.0 MarkupParserCommon.normalizeAttributeValue and attr_unescape: an unknown `&name;` is `"&" + s + ";"`,
  // written back `&amp;name;` by Utility.escape), so the file loads after it with the reference as text. The
  // rewrite is forked (CheckUsersFile.scala:53-57 `.forkDaemon`): the first load may come before it.
  { name: 'an undefined entity in a value: kept as text by the 9.x rewrite', versions: ['9.0', '9.1', '9.2'], doc: `<[[authentication]] hash="bcrypt"><[[user]] name="a[[&foo;]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'missing-password:information', 'xml-syntax:error'], says: ['keeps it as text, maybe after the first load', 'nothing orders it before the first load', 'This entity reference is not defined'] },
  // In content the same parser puts a comment in its place (MarkupParser.content → push → MarkupHandler.replacementText:
  // `<!-- unknown entity name; -->`), which the JDK then reads; ≤ 8.3 it is fatal like any undefined entity.
  { name: 'an undefined entity in content', versions: ['7.2', '8.1', '8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator">[[&foo;]]</user></authentication>`, expect: ['xml-syntax:error'], says: ['not defined'] },
  { name: 'an undefined entity in content: a comment after the 9.x rewrite', versions: ['9.0', '9.1', '9.2'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${ARGON}" role="administrator">[[&foo;]]</user></authentication>`, expect: ['startup-rewrite:information', 'xml-syntax:error'], says: ['makes it a comment, maybe after the first load'] },
  // What the rewrite repairs does not repair what follows: an end tag that does not match throws in its parser
  // (MarkupParserCommon.xEndTag → errorNoEnd, a FatalError), so nothing is rewritten and the JDK rejects the file.
  { name: 'an undefined entity, then a real error: rejected after the 9.x rewrite too', versions: ['9.0', '9.1', '9.2'], doc: `<[[authentication]] hash="bcrypt"><user name="a[[&foo;]]" password="${ARGON}" role="administrator"/><user name="b" password="${ARGON}" role="administrator">[[</usr>]]</user></authentication>`, expect: ['startup-rewrite:information', 'xml-syntax:error', 'xml-syntax:error'], says: ['keeps it as text', 'does not close <user>'] },
  { name: 'an undefined entity, then a real error', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a[[&foo;]]" password="${BCRYPT12}" role="administrator"/><user name="b" password="${BCRYPT12}" role="administrator"></usr></user></authentication>`, expect: ['xml-syntax:error'], says: ['not defined'] },
  { name: 'DOCTYPE rejects the file from 8.2', versions: ['8.3'], doc: `[[<!DOCTYPE authentication>]]<authentication hash="bcrypt"/>`, expect: ['doctype-forbidden:error'] },
  { name: 'DOCTYPE rejects the file from 8.2', versions: ['9.1'], doc: `[[<!DOCTYPE authentication>]]<[[authentication]] hash="bcrypt"/>`, expect: ['doctype-forbidden:error', 'startup-rewrite:information'] },
  { name: 'DOCTYPE is a warning before 8.2', versions: ['7.2', '8.1'], doc: `[[<!DOCTYPE authentication>]]<authentication hash="bcrypt"/>`, expect: ['doctype-forbidden:warning'] },
  // ≤ 8.1 read the file with scala-xml 1.3.0 XML.load (rudder@8.1 RudderUserDetailsFile.scala:401; scala-xml
  // factory/XMLLoader.scala: the JDK's SAXParserFactory, namespace-unaware, nothing else): a DOCTYPE is read and
  // its internal entities expanded; 8.2+ refuse the DOCTYPE (XmlSafe), where the entity is never declared.
  { name: 'a declared entity expands on ≤ 8.1: its value is the password', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY pw "Tr0ub&#38;amp;dor">]>]]<authentication hash="bcrypt"><user name="a" password="[[&pw;]]" role="administrator"/></authentication>`, expect: ['doctype-forbidden:warning', 'plaintext-password:error'] },
  { name: 'a declared entity expands on ≤ 8.1: roles too', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY r "administrator">]>]]<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="&r;"/></authentication>`, expect: ['doctype-forbidden:warning'] },
  { name: 'a declared entity is undefined where the DOCTYPE is refused', versions: ['8.3'], doc: `[[<!DOCTYPE authentication [<!ENTITY r "administrator">]>]]<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[&r;]]"/></authentication>`, expect: ['doctype-forbidden:error', 'xml-syntax:error'], says: ['not defined'] },
  { name: 'an entity with < is fatal in an attribute value', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY r "a&#60;b">]>]]<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[[[&r;]]]]"/></authentication>`, expect: ['doctype-forbidden:warning', 'xml-syntax:error', 'unknown-role:error'], says: ["contains '<'"] },
  { name: 'an external entity in an attribute value is fatal', versions: ['7.2'], doc: `[[<!DOCTYPE authentication [<!ENTITY r SYSTEM "file:///etc/passwd">]>]]<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[[[&r;]]]]"/></authentication>`, expect: ['doctype-forbidden:warning', 'xml-syntax:error', 'unknown-role:error'], says: ['external'] },
  { name: 'a cycle of entities is fatal', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY a "&b;"><!ENTITY b "&a;">]>]]<authentication hash="bcrypt"><user name="[[&a;]]" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: ['doctype-forbidden:warning', 'xml-syntax:error'], says: ['cycle'] },
  { name: 'an entity bomb stops at the JDK limit', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY a0 "ha">${Array.from({ length: 6 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`).join('')}]>]]<authentication hash="bcrypt"><user name="[[&a6;]]" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: ['doctype-forbidden:warning', 'xml-syntax:error'], says: ['64,000'] },
  // ≤ 8.1 the JDK's parser also applies the DOCTYPE's <!ATTLIST> (XML 1.0 §3.3; scala-xml 1.3.0 FactoryAdapter keeps
  // every attribute SAX delivers; checked against the JDK by xmlOracle.test.ts): defaults fill absent attributes,
  // #FIXED too; a non-CDATA type trims and collapses spaces. The external DTD subset, external parameter entities
  // and external entities used in content are fetched; a missing one throws, caught as "An error occurred while
  // parsing" (rudder@8.1 RudderUserDetailsFile.scala:407-411): the file is rejected.
  { name: 'an ATTLIST role default makes every user without one an administrator', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user [[role]] CDATA "administrator">]>]]<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}"/><user name="b" password="${BCRYPT12}"/></authentication>`, expect: ['doctype-forbidden:warning', 'dtd-attribute-default:warning'], says: ['gives its roles to 2 <user> without role'] },
  { name: 'an ATTLIST role default: its items are checked where they are written', versions: ['7.2'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user [[role]] CDATA "[[user]]">]>]]<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}"/></authentication>`, expect: ['doctype-forbidden:warning', 'dtd-attribute-default:warning', 'role-requires-plugin:warning'] },
  { name: 'a written role wins over the ATTLIST default', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user role CDATA "administrator">]>]]<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: ['doctype-forbidden:warning'] },
  { name: 'a #FIXED hash default is the hash of the root', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST authentication [[hash]] CDATA #FIXED "md5">]>]]<authentication><user name="a" password="[[098f6bcd4621d373cade4e832627b4f6]]" role="administrator"/></authentication>`, expect: ['doctype-forbidden:warning', 'dtd-attribute-default:information', 'weak-hash:warning'] },
  { name: 'an NMTOKEN name is trimmed: no white space left', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user [[name]] NMTOKEN #IMPLIED>]>]]<authentication hash="bcrypt"><user name=" a " password="${BCRYPT12}" role="administrator"/></authentication>`, expect: ['doctype-forbidden:warning', 'dtd-attribute-default:information'], says: ['trims and collapses'] },
  { name: 'users sharing a password default', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user [[password]] CDATA "${BCRYPT12}">]>]]<authentication hash="bcrypt"><user name="a" role="administrator"/><user name="b" role="administrator"/></authentication>`, expect: ['doctype-forbidden:warning', 'dtd-attribute-default:warning'], says: ['without password this one, shared'] },
  // The scan shares one list of defaults between the elements that write the same declared attributes: each count is still per element.
  { name: 'users writing different declared attributes get and count the others\' defaults', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user [[role]] CDATA "administrator" [[password]] CDATA "${BCRYPT12}">]>]]<authentication hash="bcrypt"><user name="a" role="administrator"/><user name="b" password="${BCRYPT12}"/><user name="c"/><user name="d" role="administrator"/></authentication>`, expect: ['doctype-forbidden:warning', 'dtd-attribute-default:warning', 'dtd-attribute-default:warning'], says: ['gives its roles to 2 <user> without role', 'gives 3 users without password this one, shared'] },
  { name: 'an ATTLIST default the JDK cannot normalise rejects the file, used or not', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST custom-roles x CDATA "[[&nope;]]">]>]]<authentication hash="bcrypt"/>`, expect: ['doctype-forbidden:warning', 'xml-syntax:error'], says: ['not defined'] },
  { name: 'ATTLIST defaults are not read where the DOCTYPE is refused', versions: ['8.3'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user role CDATA "administrator">]>]]<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}"/></authentication>`, expect: ['doctype-forbidden:error'] },
  // 9.x: the start-up rewrite reads the file with scala-xml 1.3.1's ConstructingParser, which applies no <!ATTLIST>
  // (MarkupHandler.attListDecl is a no-op; rudder@9.1 UserManagementService.scala:116-121), and drops the DOCTYPE.
  { name: 'a DOCTYPE default is lost by the 9.x start-up rewrite', versions: ['9.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user [[role]] CDATA "administrator">]>]]<[[authentication]] hash="argon2id"><user name="a" password="${ARGON}"/></authentication>`, expect: ['doctype-forbidden:error', 'dtd-attribute-default:warning', 'startup-rewrite:information'], says: ['<user> lose role'] },
  { name: 'a DOCTYPE default password is lost by the 9.x start-up rewrite: the user has none', versions: ['9.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user [[password]] CDATA "${ARGON}">]>]]<[[authentication]] hash="argon2id"><[[user]] name="a" role="administrator"/></authentication>`, expect: ['doctype-forbidden:error', 'dtd-attribute-default:warning', 'startup-rewrite:information', 'missing-password:information'] },
  { name: 'an NMTOKEN name is as written after the 9.x start-up rewrite: its spaces stay', versions: ['9.1'], doc: `[[<!DOCTYPE authentication [<!ATTLIST user name NMTOKEN #IMPLIED>]>]]<[[authentication]] hash="argon2id"><user name="[[ a ]]" password="${ARGON}" role="administrator"/></authentication>`, expect: ['doctype-forbidden:error', 'startup-rewrite:information', 'user-name-whitespace:error'] },
  { name: 'an external DTD subset is fetched at every load', versions: ['7.2', '8.1'], doc: `[[<!DOCTYPE authentication [[SYSTEM "file:///opt/rudder/etc/users.dtd"]]>]]<authentication hash="bcrypt"/>`, expect: ['doctype-forbidden:warning', 'dtd-external-resource:error'] },
  { name: 'an external entity used in content is read into the file', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY x SYSTEM "file:///etc/shadow"><!ENTITY unused SYSTEM "u.txt">]>]]<authentication hash="bcrypt"><!-- &x; --><x a="b">[[&x;]]</x></authentication>`, expect: ['doctype-forbidden:warning', 'dtd-external-resource:error'], says: ['XXE'] },
  { name: 'an external parameter entity is fetched', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY % p SYSTEM "p.dtd">[[%p;]]]>]]<authentication hash="bcrypt"/>`, expect: ['doctype-forbidden:warning', 'dtd-external-resource:error'] },
  { name: 'an entity with markup used in content adds elements this tool does not show', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY u "<user name='x' role='administrator'/>">]>]]<authentication hash="bcrypt">[[&u;]]</authentication>`, expect: ['doctype-forbidden:warning', 'dtd-not-modelled:warning'] },
  // 9.x: ConstructingParser reads the DOCTYPE's internal entities (MarkupHandler.parsedEntityDecl) and parses the
  // replacement text where one is used in content (MarkupParser.push, replacementText: ParsedEntityDecl IntDef), so
  // the rewritten file holds it, elements included; an external one it ignores (someEntityDecl, not validating).
  { name: 'an entity with markup used in content: written into the file by the 9.x rewrite', versions: ['9.0', '9.1', '9.2'], doc: `[[<!DOCTYPE authentication [<!ENTITY u "<user name='x' role='administrator'/>">]>]]<[[authentication]] hash="argon2id">[[[[&u;]]]]</authentication>`, expect: ['doctype-forbidden:error', 'startup-rewrite:information', 'xml-syntax:error', 'dtd-not-modelled:warning'], says: ['writes its text here, maybe after the first load'] },
  { name: 'an entity of text used in content: its text after the 9.x rewrite', versions: ['9.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY t "hello">]>]]<[[authentication]] hash="argon2id"><user name="a" password="${ARGON}" role="administrator">[[&t;]]</user></authentication>`, expect: ['doctype-forbidden:error', 'startup-rewrite:information', 'xml-syntax:error'], says: ['writes its text here'] },
  { name: 'an external entity used in content: a comment after the 9.x rewrite', versions: ['9.2'], doc: `[[<!DOCTYPE authentication [<!ENTITY x SYSTEM "file:///etc/shadow">]>]]<[[authentication]] hash="argon2id"><user name="a" password="${ARGON}" role="administrator">[[&x;]]</user></authentication>`, expect: ['doctype-forbidden:error', 'startup-rewrite:information', 'xml-syntax:error'], says: ['makes it a comment'] },
  { name: 'an internal parameter entity brings declarations this tool does not check', versions: ['8.1'], doc: `[[<!DOCTYPE authentication [<!ENTITY % p "<!ATTLIST user role CDATA 'administrator'>">[[%p;]]]>]]<authentication hash="bcrypt"/>`, expect: ['doctype-forbidden:warning', 'dtd-not-modelled:warning'] },
  { name: 'wrong root element', versions: ALL, doc: `<[[authentification]] hash="bcrypt"><user name="a"/></authentification>`, expect: ['root-element:error'] },
  { name: 'comment-only file has no root', versions: ALL, doc: `[[<]]!-- nothing -->`, expect: ['root-element:error'] },
  { name: 'nested second authentication', versions: ['7.2', '8.1', '8.3'], doc: `<authentication hash="bcrypt"><[[authentication]]/></authentication>`, expect: ['root-element:error'] },
  { name: 'nested second authentication', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><[[authentication]]/></authentication>`, expect: ['startup-rewrite:information', 'root-element:error'] },

  // hash attribute
  { name: 'missing hash: plain text up to 7.2', versions: ['7.2'], doc: `<[[authentication]]><user name="a" password="[[x]]" role="[[user]]"/></authentication>`, expect: ['missing-hash-attribute:warning', 'plaintext-password:error', 'role-requires-plugin:warning'] },
  { name: 'missing hash: bcrypt on 7.3–8.1', versions: ['8.1'], doc: `<[[authentication]]/>`, expect: ['missing-hash-attribute:information'], says: ['bcrypt'] },
  { name: 'missing hash: bcrypt + rewrite on 8.2–8.3', versions: ['8.3'], doc: `<[[[[authentication]]]]/>`, expect: ['missing-hash-attribute:information', 'startup-rewrite:information'], says: ['unsafe-hashes="false"'] },
  { name: 'missing hash: argon2id on 9.x', versions: ['9.1'], doc: `<[[[[authentication]]]]/>`, expect: ['missing-hash-attribute:information', 'startup-rewrite:information'], says: ['argon2id'] },
  { name: 'unknown hash value 9.x', versions: ['9.1'], doc: `<[[authentication]] hash="[[unsupportedHash]]"/>`, expect: ['startup-rewrite:information', 'unknown-hash-algorithm:warning'], says: ['argon2id'] },
  { name: 'unknown hash value 8.3 falls back to bcrypt', versions: ['8.3'], doc: `<[[authentication]] hash="[[unsupportedHash]]"/>`, expect: ['startup-rewrite:information', 'unknown-hash-algorithm:warning'], says: ['bcrypt'] },
  { name: 'unknown hash value ≤7.2 is plain text', versions: ['7.2'], doc: `<authentication hash="[[whatever]]"/>`, expect: ['unknown-hash-algorithm:error'], says: ['plain text'] },
  { name: 'md5 is unknown on 9.x', versions: ['9.1'], doc: `<[[authentication]] hash="[[md5]]"/>`, expect: ['startup-rewrite:information', 'unknown-hash-algorithm:warning'], says: ["knows only 'bcrypt', 'argon2id'"] },
  { name: 'sha-1 is only known on 8.2–8.3', versions: ['8.1'], doc: `<authentication hash="[[sha-1]]"/>`, expect: ['unknown-hash-algorithm:warning'] },
  { name: 'sha-1 is fine on 8.3', versions: ['8.3'], doc: `<[[authentication]] hash="sha-1"/>`, expect: ['startup-rewrite:information'] },
  { name: 'hash is case-insensitive', versions: ['7.2', '8.1', '8.3'], doc: `<authentication hash="BCRYPT"/>`, expect: [] },
  { name: 'hash is case-insensitive', versions: ['9.1'], doc: `<[[authentication]] hash="BCRYPT"/>`, expect: ['startup-rewrite:information'] },
  { name: 'hash is not trimmed', versions: ['8.1'], doc: `<authentication hash="[[bcrypt ]]"/>`, expect: ['unknown-hash-algorithm:warning'] },
  { name: 'hash is not trimmed', versions: ['8.3', '9.1'], doc: `<[[authentication]] hash="[[bcrypt ]]"/>`, expect: ['startup-rewrite:information', 'unknown-hash-algorithm:warning'] },

  // Passwords
  { name: 'plain text on 9.x: login impossible', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[secret]]" role="user"/></authentication>`, expect: ['plaintext-password:error'], says: ['login is impossible'] },
  { name: 'plain text under hash="plain" on 8.1 is readable', versions: ['8.1'], doc: `<authentication hash="plain"><user name="a" password="[[secret]]" role="[[user]]"/></authentication>`, expect: ['plaintext-password:error', 'role-requires-plugin:warning'], says: ['anyone who can read this file can log in'] },
  { name: 'password never appears in a message', versions: ['7.2', '8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[Sup3rS3cret!]]" role="[[user]]"/></authentication>`, expect: ['plaintext-password:error', 'role-requires-plugin:warning'] },
  { name: 'password never appears in a message', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="[[Sup3rS3cret!]]" role="user"/></authentication>`, expect: ['plaintext-password:error'] },
  { name: 'password never appears in a message', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="[[Sup3rS3cret!]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'plaintext-password:error'] },
  { name: 'LDAP convention is information', versions: ['8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[LDAP]]" role="[[user]]"/></authentication>`, expect: ['plaintext-password:information', 'role-requires-plugin:warning'] },
  { name: 'LDAP convention is information', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="[[LDAP]]" role="user"/></authentication>`, expect: ['plaintext-password:information'] },
  { name: 'LDAP convention is information', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="[[LDAP]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'plaintext-password:information'] },
  { name: 'LDAP without an external provider is a warning', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="[[LDAP]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'plaintext-password:error'], context: { authProviders: ['file'] } },
  { name: 'empty password is information (LDAP/OIDC)', versions: ['8.1'], doc: `<authentication hash="bcrypt"><user name="a" [[password]]="" role="[[user]]"/></authentication>`, expect: ['missing-password:information', 'role-requires-plugin:warning'] },
  { name: 'empty password is information (LDAP/OIDC)', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" [[password]]="" role="user"/></authentication>`, expect: ['missing-password:information'] },
  { name: 'empty password is information (LDAP/OIDC)', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" [[password]]="" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'missing-password:information'] },
  { name: 'missing password with file-only auth is a warning', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><[[user]] name="a" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'missing-password:error'], context: { authProviders: ['file'] } },
  { name: 'missing password drops the user up to 7.2', versions: ['7.2'], doc: `<authentication hash="bcrypt"><[[user]] name="a" role="[[user]]"/></authentication>`, expect: ['missing-password:error', 'role-requires-plugin:warning'] },
  { name: 'sha1 digest: warning on 8.1', versions: ['8.1'], doc: `<authentication hash="sha1"><user name="a" password="[[${SHA1}]]" role="[[user]]"/></authentication>`, expect: ['weak-hash:warning', 'role-requires-plugin:warning'] },
  { name: 'sha1 digest: warning in legacy mode on 8.3', versions: ['8.3'], doc: `<authentication hash="bcrypt" [[unsafe-hashes]]="true"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['unsafe-hashes-enabled:warning', 'weak-hash:warning'] },
  { name: 'sha1 digest: error in strict mode on 8.3', versions: ['8.3'], doc: `<authentication hash="bcrypt" unsafe-hashes="false"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['weak-hash:error'] },
  { name: 'md5 digest: error on 9.x', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="[[${MD5}]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'weak-hash:error'], says: ['impossible'] },
  { name: 'hash mismatch: 40 hex under sha256 (≤8.1)', versions: ['7.2', '8.1'], doc: `<authentication hash="sha256"><user name="a" password="[[${SHA1}]]" role="[[user]]"/></authentication>`, expect: ['hash-mismatch:error', 'role-requires-plugin:warning'], says: ['SHA-1'] },
  { name: 'hash mismatch: bcrypt under md5 (≤8.1)', versions: ['8.1'], doc: `<authentication hash="md5"><user name="a" password="[[${BCRYPT12}]]" role="[[user]]"/></authentication>`, expect: ['hash-mismatch:error', 'role-requires-plugin:warning'] },
  { name: 'hash mismatch: digest under bcrypt (≤8.1)', versions: ['8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${MD5}]]" role="[[user]]"/></authentication>`, expect: ['hash-mismatch:error', 'role-requires-plugin:warning'] },
  { name: '40 hex under sha256 is detected as SHA-1 on 8.3', versions: ['8.3'], doc: `<[[authentication]] hash="sha256"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'weak-hash:warning'] },
  { name: 'hex of unknown length on 8.3', versions: ['8.3'], doc: `<[[authentication]] hash="sha256"><user name="a" password="[[${MD5}abcdef]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'hash-mismatch:error'] },
  { name: 'uppercase digest never matches', versions: ['8.1'], doc: `<authentication hash="sha1"><user name="a" password="[[${SHA1.toUpperCase()}]]" role="[[user]]"/></authentication>`, expect: ['uppercase-hex-digest:error', 'role-requires-plugin:warning'] },
  { name: 'malformed bcrypt (length)', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT12.slice(0, 50)}]]" role="user"/></authentication>`, expect: ['bcrypt-malformed:error'] },
  { name: 'malformed bcrypt (length)', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="[[${BCRYPT12.slice(0, 50)}]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'bcrypt-malformed:error'] },
  { name: 'malformed bcrypt (cost 32)', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="[[${BCRYPT12.replace('$12$', '$32$')}]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'bcrypt-malformed:error'] },
  { name: 'bcrypt cost 8 is an error', versions: ['7.2', '8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT08}]]" role="[[user]]"/></authentication>`, expect: ['bcrypt-low-cost:warning', 'role-requires-plugin:warning'] },
  { name: 'bcrypt cost 8 is an error', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT08}]]" role="user"/></authentication>`, expect: ['bcrypt-low-cost:warning'] },
  { name: 'bcrypt cost 8 is an error', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="[[${BCRYPT08}]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'bcrypt-low-cost:warning'] },
  { name: 'bcrypt cost 11 is information', versions: ['7.2', '8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT11}]]" role="[[user]]"/></authentication>`, expect: ['bcrypt-low-cost:information', 'role-requires-plugin:warning'] },
  { name: 'bcrypt cost 11 is information', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${BCRYPT11}]]" role="user"/></authentication>`, expect: ['bcrypt-low-cost:information'] },
  { name: 'bcrypt cost 11 is information', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="[[${BCRYPT11}]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'bcrypt-low-cost:information'] },
  { name: 'bcrypt cost 12 is fine', versions: ['7.2', '8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[user]]"/></authentication>`, expect: ['role-requires-plugin:warning'] },
  { name: 'bcrypt cost 12 is fine', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user"/></authentication>`, expect: [] },
  { name: 'bcrypt cost 12 is fine', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['startup-rewrite:information'] },
  { name: 'bcrypt cost under rudder.bcrypt.cost', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="[[${BCRYPT12}]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'bcrypt-low-cost:information'], context: { bcryptCost: 13 } },
  { name: 'argon2id needs 9.0', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="[[${ARGON}]]" role="user"/></authentication>`, expect: ['argon2-unsupported:error'] },
  { name: 'argon2id is fine on 9.x', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="${ARGON}" role="user"/></authentication>`, expect: [] },
  { name: 'argon2i is never supported', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${ARGON.replace('argon2id', 'argon2i')}]]" role="user"/></authentication>`, expect: ['argon2-unsupported:error'] },
  { name: 'argon2id weak memory', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${ARGON.replace('m=131072', 'm=4096')}]]" role="user"/></authentication>`, expect: ['argon2-weak-params:warning'] },
  { name: 'argon2id t=0 never verifies', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${ARGON.replace('t=3', 't=0')}]]" role="user"/></authentication>`, expect: ['argon2-weak-params:error'] },

  // unsafe-hashes and booleans
  { name: 'unsafe-hashes=true with digests', versions: ['8.3'], doc: `<authentication hash="bcrypt" [[unsafe-hashes]]="true"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['unsafe-hashes-enabled:warning', 'weak-hash:warning'] },
  { name: 'unsafe-hashes=true without digests', versions: ['8.3'], doc: `<authentication hash="bcrypt" [[unsafe-hashes]]="true"/>`, expect: ['unsafe-hashes-enabled:information'] },
  { name: 'unsafe-hashes is obsolete on 9.x', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt" [[unsafe-hashes]]="true"/>`, expect: ['startup-rewrite:information', 'unsafe-hashes-obsolete:information'] },
  { name: 'unsafe-hashes is not read before 8.2', versions: ['8.1'], doc: `<authentication hash="bcrypt" [[unsafe-hashes]]="true"/>`, expect: ['unsafe-hashes-obsolete:hint'] },
  { name: 'unsafe-hashes not a boolean (8.3)', versions: ['8.3'], doc: `<[[authentication]] hash="bcrypt" unsafe-hashes="[[fsale]]"/>`, expect: ['startup-rewrite:information', 'invalid-boolean-attribute:warning'] },
  { name: 'case-sensitivity not a boolean', versions: ['7.2', '8.1', '8.3'], doc: `<authentication hash="bcrypt" case-sensitivity="[[yes]]"/>`, expect: ['invalid-boolean-attribute:warning'] },
  { name: 'case-sensitivity not a boolean', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt" case-sensitivity="[[yes]]"/>`, expect: ['startup-rewrite:information', 'invalid-boolean-attribute:warning'] },
  { name: 'case-sensitivity is case-insensitive', versions: ['7.2', '8.1', '8.3'], doc: `<authentication hash="bcrypt" case-sensitivity="FALSE"/>`, expect: [] },
  { name: 'case-sensitivity is case-insensitive', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt" case-sensitivity="FALSE"/>`, expect: ['startup-rewrite:information'] },

  // Users
  { name: 'empty name drops the user', versions: ['7.2', '8.1'], doc: `<authentication hash="bcrypt"><user [[name]]="" password="${BCRYPT12}" role="[[user]]"/></authentication>`, expect: ['empty-user-name:error', 'role-requires-plugin:warning'] },
  { name: 'empty name drops the user', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user [[name]]="" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['empty-user-name:error'] },
  { name: 'empty name drops the user', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user [[name]]="" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'empty-user-name:error'] },
  { name: 'missing name drops the user', versions: ['7.2', '8.1'], doc: `<authentication hash="bcrypt"><[[user]] password="${BCRYPT12}" role="[[user]]"/></authentication>`, expect: ['empty-user-name:error', 'role-requires-plugin:warning'] },
  { name: 'missing name drops the user', versions: ['8.3'], doc: `<authentication hash="bcrypt"><[[user]] password="${BCRYPT12}" role="user"/></authentication>`, expect: ['empty-user-name:error'] },
  { name: 'missing name drops the user', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><[[user]] password="${BCRYPT12}" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'empty-user-name:error'] },
  { name: 'blank name is accepted (not trimmed)', versions: ['7.2', '8.1'], doc: `<authentication hash="bcrypt"><user name="[[ ]]" password="${BCRYPT12}" role="[[user]]"/></authentication>`, expect: ['user-name-whitespace:error', 'role-requires-plugin:warning'] },
  { name: 'blank name is accepted (not trimmed)', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="[[ ]]" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['user-name-whitespace:error'] },
  { name: 'blank name is accepted (not trimmed)', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="[[ ]]" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'user-name-whitespace:error'] },
  { name: 'duplicate user: last wins', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="[[bob]]" password="${BCRYPT12}" role="[[user]]"/><user name="[[bob]]" password="${BCRYPT12}" role="[[user]]"/></authentication>`, expect: ['duplicate-user:error', 'role-requires-plugin:warning', 'duplicate-user:error', 'role-requires-plugin:warning'] },
  { name: 'duplicate user: last wins', versions: ['8.1'], doc: `<authentication hash="bcrypt"><user name="[[bob]]" password="${BCRYPT12}" role="[[user]]"/><user name="bob" password="${BCRYPT12}" role="[[user]]"/></authentication>`, expect: ['duplicate-user:warning', 'role-requires-plugin:warning', 'role-requires-plugin:warning'] },
  { name: 'duplicate user: last wins', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="[[bob]]" password="${BCRYPT12}" role="user"/><user name="bob" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['duplicate-user:warning'] },
  { name: 'duplicate user: last wins', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="[[bob]]" password="${BCRYPT12}" role="user"/><user name="bob" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'duplicate-user:warning'] },
  { name: 'case collision with case-sensitivity=false drops all', versions: ['8.1'], doc: `<authentication hash="bcrypt" case-sensitivity="false"><user name="[[admin]]" password="${BCRYPT12}" role="[[user]]"/><user name="[[ADMIN]]" password="${BCRYPT12}" role="[[user]]"/></authentication>`, expect: ['case-collision:error', 'role-requires-plugin:warning', 'case-collision:error', 'role-requires-plugin:warning'] },
  { name: 'case collision with case-sensitivity=false drops all', versions: ['8.3'], doc: `<authentication hash="bcrypt" case-sensitivity="false"><user name="[[admin]]" password="${BCRYPT12}" role="user"/><user name="[[ADMIN]]" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['case-collision:error', 'case-collision:error'] },
  { name: 'case collision with case-sensitivity=false drops all', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt" case-sensitivity="false"><user name="[[admin]]" password="${BCRYPT12}" role="user"/><user name="[[ADMIN]]" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'case-collision:error', 'case-collision:error'] },
  { name: 'case collision with case-sensitivity=true is information', versions: ['8.1'], doc: `<authentication hash="bcrypt" case-sensitivity="true"><user name="[[admin]]" password="${BCRYPT12}" role="[[user]]"/><user name="[[ADMIN]]" password="${BCRYPT12}" role="[[user]]"/></authentication>`, expect: ['case-collision:information', 'role-requires-plugin:warning', 'case-collision:information', 'role-requires-plugin:warning'] },
  { name: 'case collision with case-sensitivity=true is information', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt" case-sensitivity="true"><user name="[[admin]]" password="${BCRYPT12}" role="user"/><user name="[[ADMIN]]" password="${BCRYPT12}" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'case-collision:information', 'case-collision:information'] },

  // Roles and permissions
  { name: 'unknown role is dropped (7.3+)', versions: ['8.1', '8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[adminstrator]]"/></authentication>`, expect: ['unknown-role:error'], says: ["Did you mean 'administrator'"] },
  { name: 'unknown role is dropped (7.3+)', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[adminstrator]]"/></authentication>`, expect: ['startup-rewrite:information', 'unknown-role:error'], says: ["Did you mean 'administrator'"] },
  { name: 'unknown role voids the user up to 7.2', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[user]],[[adminstrator]]"/></authentication>`, expect: ['role-requires-plugin:warning', 'unknown-role:error'], says: ['no rights at all'] },
  { name: 'unknown plugin permission type', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="[[cve_read]]"/></authentication>`, expect: ['unknown-permission-type:warning'], says: ['plugin'] },
  { name: 'unknown plugin permission type', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="[[cve_read]]"/></authentication>`, expect: ['startup-rewrite:information', 'unknown-permission-type:warning'], says: ['plugin'] },
  { name: 'invalid permission level', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="[[node_reed]]"/></authentication>`, expect: ['invalid-permission-level:error'] },
  { name: 'invalid permission level', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="[[node_reed]]"/></authentication>`, expect: ['startup-rewrite:information', 'invalid-permission-level:error'] },
  { name: 'permissions are case-insensitive', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="NODE_ALL, useraccount_READ, Any, INVENTORY"/></authentication>`, expect: [] },
  { name: 'permissions are case-insensitive', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="NODE_ALL, useraccount_READ, Any, INVENTORY"/></authentication>`, expect: ['startup-rewrite:information'] },
  { name: 'inner space is not tolerated', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" permissions="[[node _read]]"/></authentication>`, expect: ['startup-rewrite:information', 'unknown-permission-type:error'] },
  { name: 'no_rights overrides the rest', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user, [[no_rights]]"/></authentication>`, expect: ['no-rights-overrides:error'] },
  { name: 'no_rights overrides the rest', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user, [[no_rights]]"/></authentication>`, expect: ['startup-rewrite:information', 'no-rights-overrides:error'] },
  { name: 'roles= is never read', versions: ['7.2', '8.1', '8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" [[roles]]="administrator"/></authentication>`, expect: ['roles-attribute-ignored:error'], says: ['no rights'] },
  { name: 'roles= is never read', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" [[roles]]="administrator"/></authentication>`, expect: ['startup-rewrite:information', 'roles-attribute-ignored:error'], says: ['no rights'] },
  { name: 'permissions= is not read up to 7.2', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" [[permissions]]="user"/></authentication>`, expect: ['roles-attribute-ignored:warning'] },
  { name: 'non-admin roles need the plugin on 7.3–8.1', versions: ['8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator, [[inventory]]"/></authentication>`, expect: ['role-requires-plugin:warning'] },
  { name: 'roles work without plugin from 8.2', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="inventory"/></authentication>`, expect: [] },
  { name: 'roles work without plugin from 8.2', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="inventory"/></authentication>`, expect: ['startup-rewrite:information'] },

  // Custom roles
  { name: 'custom role with empty name', versions: ['8.3'], doc: `<authentication hash="bcrypt"><custom-roles><role [[name]]=" " permissions="node_read"/></custom-roles></authentication>`, expect: ['custom-role-empty-name:error'] },
  { name: 'custom role with empty name', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role [[name]]=" " permissions="node_read"/></custom-roles></authentication>`, expect: ['startup-rewrite:information', 'custom-role-empty-name:error'] },
  { name: 'custom role with reserved name', versions: ['8.3'], doc: `<authentication hash="bcrypt"><custom-roles><role name="[[my_role]]" permissions="node_read"/><role name="[[ANY]]"/></custom-roles></authentication>`, expect: ['custom-role-reserved-name:error', 'custom-role-reserved-name:error'] },
  { name: 'custom role with reserved name', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[my_role]]" permissions="node_read"/><role name="[[ANY]]"/></custom-roles></authentication>`, expect: ['startup-rewrite:information', 'custom-role-reserved-name:error', 'custom-role-reserved-name:error'] },
  { name: 'custom role duplicating a built-in', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[Inventory]]" permissions="administrator"/></custom-roles></authentication>`, expect: ['startup-rewrite:information', 'custom-role-duplicate:error'] },
  { name: 'custom role duplicating another (case-insensitive)', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="ops" permissions="node_read"/><role name="[[OPS]]" permissions="node_all"/></custom-roles></authentication>`, expect: ['startup-rewrite:information', 'custom-role-duplicate:error'] },
  { name: 'custom role cycle', versions: ['8.3'], doc: `<authentication hash="bcrypt"><custom-roles><role name="[[a]]" permissions="b"/><role name="[[b]]" permissions="a"/><role name="[[c]]" permissions="c"/></custom-roles></authentication>`, expect: ['custom-role-cycle:error', 'custom-role-cycle:error', 'custom-role-cycle:error'] },
  { name: 'custom role cycle', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[a]]" permissions="b"/><role name="[[b]]" permissions="a"/><role name="[[c]]" permissions="c"/></custom-roles></authentication>`, expect: ['startup-rewrite:information', 'custom-role-cycle:error', 'custom-role-cycle:error', 'custom-role-cycle:error'] },
  { name: 'depending on a rejected name counts as a cycle', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[role_a0]]" permissions="node_read"/><role name="[[a1]]" permissions="role_a0"/></custom-roles></authentication>`, expect: ['startup-rewrite:information', 'custom-role-reserved-name:error', 'custom-role-cycle:error'] },
  { name: 'forward references are fine', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="a" permissions="B"/><role name="b" permissions="node_read"/></custom-roles></authentication>`, expect: ['startup-rewrite:information'] },
  { name: 'a chain declared in reverse resolves (each role lists one declared after it)', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="a" permissions="b"/><role name="b" permissions="C"/><role name="c" permissions="node_read"/></custom-roles><user name="u" password="${BCRYPT12}" permissions="a"/></authentication>`, expect: ['startup-rewrite:information'] },
  { name: 'a chain declared in reverse into a cycle is dropped whole', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[a]]" permissions="node_read, b"/><role name="[[b]]" permissions="c"/><role name="[[c]]" permissions="b"/><role name="d" permissions="node_read"/></custom-roles><user name="u" password="${BCRYPT12}" permissions="[[a]], d"/></authentication>`, expect: ['startup-rewrite:information', 'custom-role-cycle:error', 'custom-role-cycle:error', 'custom-role-cycle:error', 'unknown-role:warning'], says: ['dropped'] },
  { name: 'a chain declared in reverse into a rejected name is dropped whole', versions: ['8.3'], doc: `<authentication hash="bcrypt"><custom-roles><role name="[[a]]" permissions="b"/><role name="[[b]]" permissions="x_y"/><role name="[[x_y]]" permissions="node_read"/></custom-roles></authentication>`, expect: ['custom-role-cycle:error', 'custom-role-cycle:error', 'custom-role-reserved-name:error'] },
  { name: 'custom role unknown reference', versions: ['8.3'], doc: `<authentication hash="bcrypt"><custom-roles><role name="a" permissions="node_read, [[role-e5]]"/></custom-roles></authentication>`, expect: ['custom-role-unknown-reference:warning'] },
  { name: 'custom role unknown reference', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="a" permissions="node_read, [[role-e5]]"/></custom-roles></authentication>`, expect: ['startup-rewrite:information', 'custom-role-unknown-reference:warning'] },
  { name: 'custom roles need the plugin on 7.3–8.1', versions: ['8.1'], doc: `<authentication hash="bcrypt"><[[custom-roles]]><role name="a" permissions="node_read"/></custom-roles></authentication>`, expect: ['role-requires-plugin:warning'] },
  { name: 'user referencing a dropped custom role', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[x]]" permissions="x"/></custom-roles><user name="u" password="${BCRYPT12}" permissions="[[x]]"/></authentication>`, expect: ['startup-rewrite:information', 'custom-role-cycle:error', 'unknown-role:error'], says: ['dropped'] },

  // Tenants
  { name: 'malformed tenant id', versions: ['8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[user]]" tenants="zoneA, [[@reza\\]]"/></authentication>`, expect: ['role-requires-plugin:warning', 'tenant-malformed:warning'] },
  { name: 'malformed tenant id', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" tenants="zoneA, [[@reza\\]]"/></authentication>`, expect: ['startup-rewrite:information', 'tenant-malformed:warning'] },
  { name: "'-' wins over everything", versions: ['8.1'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[user]]" tenants="[[-]], *, zoneA"/></authentication>`, expect: ['role-requires-plugin:warning', 'tenant-none-wins:warning'] },
  { name: "'-' wins over everything", versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="${BCRYPT12}" role="user" tenants="[[-]], *, zoneA"/></authentication>`, expect: ['tenant-none-wins:warning'] },
  { name: 'empty tenants means none', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" [[tenants]]=""/></authentication>`, expect: ['startup-rewrite:information', 'tenant-none-wins:information'] },
  { name: 'tenant suffix needs 9.2', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" tenants="[[zoneA:r]]"/></authentication>`, expect: ['startup-rewrite:information', 'tenant-malformed:warning'], says: ['9.2'] },
  { name: 'tenant suffix is fine on 9.2', versions: ['9.2'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="user" tenants="zoneA:r, zoneB:RW, zoneC:none"/></authentication>`, expect: ['startup-rewrite:information'] },
  { name: 'tenants are not read before 8.1', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[user]]" [[tenants]]="@@"/></authentication>`, expect: ['role-requires-plugin:warning', 'unknown-attribute:information'] },

  // Round 2 (rudder-spec.md section 0). Each row cites the Rudder source of the behaviour.
  // C1: an empty custom role is NoRights (rudder@9.1 rudder-core Authorizations.scala:320,413), and NoRights in a
  // user's union denies everything, administrator included (rudder-rest users/User.scala:132).
  { name: 'C1 a custom role that grants nothing poisons its holders', versions: ['8.3'], doc: `<authentication hash="bcrypt"><custom-roles><role name="[[empty]]" permissions=""/></custom-roles><user name="u" password="${BCRYPT12}" permissions="administrator, [[empty]]"/></authentication>`, expect: ['custom-role-grants-nothing:error', 'custom-role-grants-nothing:error'] },
  { name: 'C1 a custom role that grants nothing poisons its holders', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[empty]]" permissions=""/></custom-roles><user name="u" password="${BCRYPT12}" permissions="administrator, [[empty]]"/></authentication>`, expect: ['startup-rewrite:information', 'custom-role-grants-nothing:error', 'custom-role-grants-nothing:error'] },
  { name: 'C1 a custom role of only unloaded plugin rights grants nothing', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[cve]]" permissions="[[cve_read]]"/></custom-roles><user name="u" password="${BCRYPT12}" permissions="[[cve]], user"/></authentication>`, expect: ['startup-rewrite:information', 'custom-role-grants-nothing:error', 'unknown-permission-type:warning', 'custom-role-grants-nothing:error'] },
  { name: 'C1 a custom role listing no_rights poisons its holders', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[nobody]]" permissions="node_read, no_rights"/></custom-roles><user name="u" password="${BCRYPT12}" permissions="administrator, [[nobody]]"/></authentication>`, expect: ['startup-rewrite:information', 'custom-role-grants-nothing:error', 'custom-role-grants-nothing:error'] },
  // The cycle-order bug: "did you mean" must never suggest a role Rudder drops, whatever the declaration order.
  { name: 'did-you-mean never suggests a role dropped for a cycle (referencing role first)', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[x]]" permissions="[[betaa]]"/><role name="[[beta]]" permissions="gamma"/><role name="[[gamma]]" permissions="beta"/></custom-roles></authentication>`, expect: ['startup-rewrite:information', 'custom-role-grants-nothing:error', 'custom-role-unknown-reference:warning', 'custom-role-cycle:error', 'custom-role-cycle:error'] },
  { name: 'did-you-mean never suggests a role dropped for a cycle (referencing role last)', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt"><custom-roles><role name="[[beta]]" permissions="gamma"/><role name="[[gamma]]" permissions="beta"/><role name="[[x]]" permissions="[[betaa]]"/></custom-roles></authentication>`, expect: ['startup-rewrite:information', 'custom-role-cycle:error', 'custom-role-cycle:error', 'custom-role-grants-nothing:error', 'custom-role-unknown-reference:warning'] },
  // C2: CheckUsersFile (rudder@8.3 .../checks/earlyconfig/db/CheckUsersFile.scala:75-94) rewrites before the
  // first load: unknown/missing hash → bcrypt + unsafe-hashes="false" (RUDF:519), so digests stop working.
  { name: 'C2 missing hash with unsafe-hashes=true: digests lost at start-up', versions: ['8.3'], doc: `<[[[[authentication]]]] [[unsafe-hashes]]="true"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['missing-hash-attribute:information', 'startup-rewrite:information', 'unsafe-hashes-enabled:warning', 'weak-hash:error'] },
  { name: 'C2 legacy hash: rewritten to bcrypt + unsafe-hashes=true, digests keep working', versions: ['8.3'], doc: `<[[authentication]] hash="sha1" unsafe-hashes="false"><user name="a" password="[[${SHA1}]]" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'weak-hash:warning'] },
  { name: 'C2 bcrypt and a boolean: no rewrite', versions: ['8.3'], doc: `<authentication hash="bcrypt" unsafe-hashes="false"><user name="a" password="${BCRYPT12}" role="user"/></authentication>`, expect: [] },
  // C3: every 9.x start runs enforceModern (rudder@9.1 CheckUsersFile.scala:61) through ConstructingParser, which
  // drops the DOCTYPE and only reports a duplicated attribute (UserManagementService.scala:116-121,144).
  { name: 'C3 a DOCTYPE on 9.x: rejected by a reload, loaded after the next start', versions: ['9.1'], doc: `[[<!DOCTYPE authentication>]]<[[authentication]] hash="argon2id"><user name="a" password="${ARGON}" role="user"/></authentication>`, expect: ['doctype-forbidden:error', 'startup-rewrite:information'] },
  // Both are forked at start (CheckUsersFile.scala:53-57 `.forkDaemon`) and nothing orders them before the first
  // load (Boot.scala:837): the messages say that the first load may come first.
  { name: 'C3 a DOCTYPE on 9.x: the rewrite drops it, maybe after the first load', versions: ['9.0', '9.2'], doc: `[[<!DOCTYPE authentication>]]<[[authentication]] hash="argon2id"><user name="a" password="${ARGON}" role="user"/></authentication>`, expect: ['doctype-forbidden:error', 'startup-rewrite:information'], says: ['drops it, maybe after the first load', 'if the rewrite has finished by then'] },
  { name: 'C3 a duplicated attribute on 9.x: rejected by a reload, loaded after the next start', versions: ['9.0', '9.1', '9.2'], doc: `<authentication hash="argon2id"><user name="a" role="user" [[role]]="user" password="${ARGON}"/></authentication>`, expect: ['xml-syntax:error'], says: ['keeps the last, maybe after the first load', 'This attribute appears twice in <user>'] },
  { name: 'C3 a duplicated attribute on 8.3 rejects the file', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" role="user" [[role]]="user" password="${BCRYPT12}"/></authentication>`, expect: ['xml-syntax:error'] },
  // C4: empty root attributes are unset (rudder@9.1 RUDF:725-733 "is not set"; rudder@8.3 RUDF:674-675 Right(None)).
  { name: 'C4 empty case-sensitivity is unset', versions: ['7.2', '8.1', '8.3'], doc: `<authentication hash="bcrypt" case-sensitivity=""/>`, expect: [] },
  { name: 'C4 empty case-sensitivity is unset', versions: ['9.1'], doc: `<[[authentication]] hash="bcrypt" case-sensitivity=""/>`, expect: ['startup-rewrite:information'] },
  { name: 'C4 empty unsafe-hashes is unset', versions: ['8.3'], doc: `<authentication hash="bcrypt" unsafe-hashes=""/>`, expect: [] },
  // C5: rudder@7.2 RUDF: password present but may be empty (:447), plain text without a known hash (:434, :99).
  { name: 'C5 an empty password under plain text logs in with nothing (7.2)', versions: ['7.2'], doc: `<[[authentication]]><user name="a" [[password]]="" role="administrator"/></authentication>`, expect: ['missing-hash-attribute:warning', 'plaintext-password:error'] },
  { name: 'C5 an empty password under bcrypt cannot log in (7.2)', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" [[password]]="" role="administrator"/></authentication>`, expect: ['missing-password:information'] },
  // C5: 7.2 drops both users of a duplicated name (rudder@7.2 RUDF:160-166); 7.0–7.1 and 7.3+ keep the last.
  { name: 'C5 duplicate names: 7.2 drops both', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="[[bob]]" password="${BCRYPT12}" role="administrator"/><user name="[[bob]]" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: ['duplicate-user:error', 'duplicate-user:error'] },
  { name: 'C5 duplicate names: 7.1 keeps the last', versions: ['7.1'], doc: `<authentication hash="bcrypt"><user name="[[bob]]" password="${BCRYPT12}" role="administrator"/><user name="bob" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: ['duplicate-user:warning'] },
  // C5: blank role items are kept and give NoRights up to 7.2 (rudder@7.2 RUDF:445, Authorizations.scala:272-273,294).
  { name: 'C5 a blank role item gives no rights (7.2)', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[administrator, ]]"/></authentication>`, expect: ['unknown-role:error'] },
  { name: 'C5 a trailing comma is no blank item (Java split)', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator,"/></authentication>`, expect: [] },
  { name: 'C5 blank role items are dropped from 7.3', versions: ['8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator, "/></authentication>`, expect: [] },
  // C5: without the user-management plugin only administrator works up to 8.1 (rudder@7.2 RUDF:453-458).
  { name: 'C5 roles other than administrator need the plugin (7.2)', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="[[inventory]]"/></authentication>`, expect: ['role-requires-plugin:warning'] },
  // C6: Rudder's argon2id decoder (rudder@9.1 rudder-rest users/Argon2.scala:215-259): standard base64, int params.
  { name: 'C6 argon2id with URL-safe base64 cannot be decoded', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${ARGON.replace('c2FsdHNhbHRzYWx0c2FsdA', 'c2Fsd-Nhb_RzYWx0c2FsdA')}]]" role="user"/></authentication>`, expect: ['argon2-unsupported:error'] },
  { name: 'C6 argon2id with a parameter over a Java int cannot be decoded', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${ARGON.replace('m=131072', 'm=2147483648')}]]" role="user"/></authentication>`, expect: ['argon2-unsupported:error'] },
  { name: 'C6 argon2id with padded base64 is fine', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="${ARGON.replace('c2FsdHNhbHRzYWx0c2FsdA', 'c2FsdHNhbHRzYWx0c2FsdA==')}" role="user"/></authentication>`, expect: [] },
  // C8: XmlSafe is namespace-unaware (XmlSafe.scala:64) and scala-xml matches the local label: <x:user> is a user;
  // `\ "@name"` matches unprefixed attributes only.
  { name: 'C8 prefixed elements are read by their local name', versions: ['9.1'], doc: `<a:authentication xmlns:a="urn:a" xmlns:x="urn:x" hash="argon2id"><x:user name="a" password="${ARGON}" role="user"/></a:authentication>`, expect: [] },
  { name: 'C8 a prefixed attribute is not read', versions: ['9.1'], doc: `<authentication xmlns:x="urn:x" hash="argon2id"><[[user]] name="a" [[x:password]]="${ARGON}" role="user"/></authentication>`, expect: ['missing-password:information', 'unknown-attribute:warning'] },
  // C12: names are kept verbatim (rudder@9.2 RUDF:691) but the form login trims the typed name (Spring
  // UsernamePasswordAuthenticationFilter, applicationContext-security.xml:109).
  { name: 'C12 a user name with surrounding white space cannot log in through the form', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="[[ alice]]" password="${ARGON}" role="user"/></authentication>`, expect: ['user-name-whitespace:error'] },
  // C12: attributes Rudder does not read are silently ignored (RUDF getUsers reads name, password, role,
  // permissions, tenants only).
  { name: 'C12 pasword= is not read: did you mean password', versions: ['9.1'], doc: `<authentication hash="argon2id"><[[user]] name="a" [[pasword]]="${ARGON}" role="user"/></authentication>`, expect: ['missing-password:information', 'unknown-attribute:warning'] },
  { name: 'C12 rol= is not read: did you mean role', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="${ARGON}" [[rol]]="user"/></authentication>`, expect: ['unknown-attribute:warning'] },
  { name: 'C12 permission= on a custom role is not read', versions: ['9.1'], doc: `<authentication hash="argon2id"><custom-roles><role name="[[ops]]" [[permission]]="node_read"/></custom-roles></authentication>`, expect: ['custom-role-grants-nothing:error', 'unknown-attribute:warning'] },
  // C12: bcrypt uses the first 72 bytes of a password only (BouncyCastle OpenBSDBCrypt, every implementation).
  { name: 'C12 a plain-text password over 72 bytes', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[[[${'x'.repeat(73)}]]]]" role="user"/></authentication>`, expect: ['plaintext-password:error', 'bcrypt-long-password:warning'] },
  { name: 'C12 a plain-text password of exactly 72 bytes (24 three-byte characters)', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${'€'.repeat(24)}]]" role="user"/></authentication>`, expect: ['plaintext-password:error'] },
  { name: 'C12 a plain-text password of 74 bytes in 37 characters', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[[[${'é'.repeat(37)}]]]]" role="user"/></authentication>`, expect: ['plaintext-password:error', 'bcrypt-long-password:warning'] },
  { name: 'C12 a plain-text password of 72 bytes in 36 characters', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${'é'.repeat(36)}]]" role="user"/></authentication>`, expect: ['plaintext-password:error'] },
  // C13: Rudder verifies any cost BouncyCastle accepts (rudder@9.1 RUDF:151-153): low cost is weak, not broken.
  { name: 'C13 bcrypt cost 4 works: warning', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="[[${BCRYPT12.replace('$12$', '$04$')}]]" role="user"/></authentication>`, expect: ['bcrypt-low-cost:warning'] },
  // C7: a rejected file loads nobody (FileUserDetailListProvider.reload): see the explain and hover tests.
  // LDAP marker (§2.2): with an external provider, password="LDAP" or empty is intended.
  { name: 'LDAP marker: password="LDAP" with ldap configured is no finding', versions: ['8.3'], doc: `<[[authentication]] hash="[[argon2id]]"><user name="a" password="LDAP" role="user"/><user name="b" password="" role="user"/></authentication>`, expect: ['startup-rewrite:information', 'unknown-hash-algorithm:warning'], context: { authProviders: ['ldap', 'file'] } },
  { name: 'LDAP marker: password="LDAP" with ldap configured is no finding', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="LDAP" role="user"/><user name="b" password="" role="user"/></authentication>`, expect: [], context: { authProviders: ['ldap', 'file'] } },
  { name: 'LDAP marker: oidc counts too', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" role="user"/></authentication>`, expect: [], context: { authProviders: ['oidc'] } },
  // C11: the providers are ("rootAdmin" +: names).distinct, each kept only if its Spring file exists
  // (rudder@9.1 AppConfigAuth.scala:662-690): without file or an external provider, nobody of the file logs in.
  { name: 'C11 with file, users log in', versions: ['7.2', '8.1', '8.3'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: [], context: { authProviders: ['file'] } },
  { name: 'C11 rootAdmin alone: no user of the file can log in', versions: ['7.2', '8.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: ['no-login-provider:error'], says: ['loads only rootAdmin', 'Rudder still reads this file'], context: { authProviders: ['rootAdmin'] } },
  { name: 'C11 rootAdmin alone: no user of the file can log in', versions: ['9.1'], doc: `<[[authentication]] hash="argon2id"><user name="a" password="${ARGON}" role="administrator"/></authentication>`, expect: ['no-login-provider:error'], says: ['loads only rootAdmin'], context: { authProviders: ['rootAdmin', 'rootAdmin'] } },
  { name: 'C11 an empty provider list: only rootAdmin', versions: ['8.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: ['no-login-provider:error'], says: ['rudder.auth.provider is empty'], context: { authProviders: [] } },
  { name: 'C11 only providers this version lacks (radius: the 7.x plugin)', versions: ['8.1'], doc: `<[[authentication]] hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: ['no-login-provider:error'], says: ['names no provider Rudder 8.1 has'], context: { authProviders: ['rootAdmin', 'fil', 'radius'] } },
  { name: 'C11 radius exists in 7.x', versions: ['7.2'], doc: `<authentication hash="bcrypt"><user name="a" password="${BCRYPT12}" role="administrator"/></authentication>`, expect: [], context: { authProviders: ['radius'] } },
  { name: 'C11 ldap alone: the file gives the rights', versions: ['9.1'], doc: `<authentication hash="argon2id"><user name="a" password="LDAP" role="administrator"/></authentication>`, expect: [], context: { authProviders: ['rootAdmin', 'ldap'] } },
  { name: 'C11 rootAdmin alone and password="LDAP": both said', versions: ['9.1'], doc: `<[[authentication]] hash="argon2id"><user name="a" password="[[LDAP]]" role="administrator"/></authentication>`, expect: ['no-login-provider:error', 'plaintext-password:error'], context: { authProviders: ['rootAdmin'] } },
  { name: 'C11 no root element: on the document element', versions: ['8.1'], doc: `<[[[[users]]]]/>`, expect: ['root-element:error', 'no-login-provider:error'], context: { authProviders: ['rootAdmin'] } },
];

/** The diagnostics of a case, as `{ what: 'code:severity', start, end }` in document order, and every message and detail. */
function run(c: Case, version: string) {
  const { text } = markers(c.doc, false);
  const settings = { ...DEFAULT_SETTINGS, rudderVersion: version };
  const doc = usersDoc(text);
  const a = analyze(parse(text, 'users'), settings, { users: c.context ?? {} });
  const diagnostics = getDiagnostics(doc, a, settings);
  const got = diagnostics.map((d) => ({ what: `${d.code}:${SEVERITY_NAMES[d.severity ?? 1]}`, start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end) }));
  const texts = [...diagnostics.map((d) => String(d.message)), ...a.evaluation.findings.flatMap((f) => (f.detail ? [f.detail] : []))];
  return { text, got, diagnostics, texts };
}

const REGENERATE = process.env.RUDDER_REGENERATE_TABLE;

describe('users diagnostics', () => {
  const regenerated: unknown[] = [];
  for (const c of cases) {
    for (const version of c.versions) {
      test(`${c.name} [${version}]`, () => {
        const { ranges } = markers(c.doc, false);
        const { text, got, diagnostics, texts } = run(c, version);
        if (REGENERATE) {
          regenerated.push({ name: c.name, version, text, got });
          return;
        }
        assert.equal(ranges.length, c.expect.length, 'one [[marker]] per expected diagnostic');
        assert.deepEqual(got, c.expect.map((e, i) => ({ what: e, ...ranges[i] })), `diagnostics: ${JSON.stringify(diagnostics.map((d) => `${d.code}: ${d.message}`), null, 1)}`);
        for (const s of c.says ?? []) assert.ok(texts.some((t) => t.includes(s)), `no message says "${s}": ${JSON.stringify(texts)}`);
        for (const d of diagnostics) assert.ok(isRuleId(d.code), `unknown code ${d.code}`);
      });
    }
  }
  if (REGENERATE) test.after(() => fs.writeFileSync(REGENERATE, JSON.stringify(regenerated)));

  test('messages are short: what happens first (≤ 80 characters to the first clause), ≤ 120 in all', () => {
    for (const c of cases) {
      for (const version of c.versions) {
        for (const d of run(c, version).diagnostics) {
          const m = String(d.message);
          assert.ok(m.length <= 120, `${d.code} [${version}] is ${m.length} characters: ${m}`);
          // xml-syntax messages are the parser problem itself, worded by xml/wellFormed.ts (SYNTAX_MESSAGES).
          if (d.code !== 'xml-syntax') assert.ok(m.split(/: /)[0].length <= 80, `${d.code} [${version}] first clause over 80 characters: ${m}`);
        }
      }
    }
  });

  test('no message ever contains a password value', () => {
    const secrets = ['Sup3rS3cret!', 'hunter2-very-secret', SHA1, BCRYPT12];
    for (const version of ALL) {
      for (const hash of ['bcrypt', 'plain', 'md5', 'sha256', 'argon2id', '']) {
        const users = secrets.map((s, i) => `<user name="u${i}" password="${s}" role="user"/>`).join('');
        for (const d of diagnose(`<authentication hash="${hash}">${users}</authentication>`, { rudderVersion: version })) {
          for (const s of secrets) assert.ok(!String(d.message).includes(s), `${d.code} leaks a password on ${version}`);
        }
      }
    }
  });

  test('a rule setting overrides severity, and off removes it', () => {
    const text = '<authentication hash="bcrypt"><user name="a" password="x" role="user, adminstrator"/></authentication>';
    const base = diagnose(text, { rudderVersion: '9.1' });
    assert.equal(base.find((d) => d.code === 'unknown-role')?.severity, 2);
    const raised = diagnose(text, { rudderVersion: '9.1', rules: { 'unknown-role': 'error', 'plaintext-password': 'off' } });
    assert.equal(raised.find((d) => d.code === 'unknown-role')?.severity, 1);
    assert.equal(raised.find((d) => d.code === 'plaintext-password'), undefined);
  });

  // The cycle-order bug (issue 11): "did you mean" once suggested a role Rudder drops for a cycle, when the role
  // that references it was declared before the cycle. Candidates now come from the final verdicts.
  test('did-you-mean never suggests a role dropped for a cycle, whatever the order', () => {
    const cycle = '<role name="beta" permissions="gamma"/><role name="gamma" permissions="beta"/>';
    for (const roles of [`<role name="x" permissions="betaa"/>${cycle}`, `${cycle}<role name="x" permissions="betaa"/>`]) {
      const ds = diagnose(`<authentication hash="argon2id"><custom-roles>${roles}</custom-roles></authentication>`, { rudderVersion: '9.1' });
      const ref = ds.find((d) => d.code === 'custom-role-unknown-reference');
      assert.ok(ref, JSON.stringify(ds));
      assert.ok(!(ref.data as { candidates: string[] }).candidates.includes('beta'), String(ref.message));
      assert.ok(!String(ref.message).includes("'beta'?"), String(ref.message));
    }
  });

  test('unknown-role carries up to 3 candidates in data', () => {
    const d = diagnose('<authentication hash="bcrypt"><user name="a" password="x" role="adminstrator"/></authentication>').find((x) => x.code === 'unknown-role');
    assert.deepEqual((d?.data as { candidates: string[] }).candidates[0], 'administrator');
    assert.ok((d?.data as { candidates: string[] }).candidates.length <= 3);
  });

  test('every diagnostic links to its rule documentation', () => {
    for (const d of diagnose('<authentication><user name="a" password="x" role="nope"/></authentication>')) {
      assert.match(d.codeDescription?.href ?? '', new RegExp(`docs/rules\\.md#${d.code}$`));
    }
  });
});
