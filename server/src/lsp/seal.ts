/**
 * Proof that a value is the one an edit was planned for, without carrying the value: an HMAC under a key drawn
 * at start-up and never sent anywhere. A plain hash of a password would be reversible by a dictionary attack
 * to anyone who sees the plan (a trace, a log); this MAC is useless without the key. Also seals what the server
 * hands out and takes back (the opaque "Set a new password…" targets, the hash requests of listed code actions),
 * so a client can neither forge nor alter one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class Seal {
  private readonly key = randomBytes(32);

  /** The MAC of a raw value. */
  mac(value: string): string {
    return createHmac('sha256', this.key).update(value, 'utf8').digest('base64url');
  }

  same(mac: unknown, value: string): boolean {
    if (typeof mac !== 'string') return false;
    const a = Buffer.from(mac);
    const b = Buffer.from(this.mac(value));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** An opaque token carrying `payload`, which only this process can open. */
  seal(payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload of a token this process sealed, or undefined. */
  open(token: unknown): unknown {
    if (typeof token !== 'string') return undefined;
    const dot = token.indexOf('.');
    if (dot < 0 || !this.same(token.slice(dot + 1), token.slice(0, dot))) return undefined;
    try {
      return JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
  }
}
