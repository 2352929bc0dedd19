/**
 * Summaries of a V8 `.cpuprofile` (`node --cpu-prof`): where the time goes, by function.
 * - self time: samples whose top frame is the function;
 * - total time: samples with the function anywhere on the stack (counted once under recursion);
 * - self time by component (which package the function comes from).
 * Percentages are of the busy time (every sample but `(idle)`). Garbage collection is a frame of its own,
 * `(garbage collector)`, at the root: it is not part of the total time of the function that allocated.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const COMPONENTS = [
  ['saxes', (url) => url.includes('/saxes/') || url.includes('/xmlchars/')],
  ['html scanner', (url) => url.includes('/vscode-html-languageservice/')],
  ['LSP transport', (url) => url.includes('/vscode-jsonrpc/') || url.includes('/vscode-languageserver')],
  ['project code', (url) => url.includes('/out/server/src/')],
  ['garbage collector', (url, fn) => fn === '(garbage collector)'],
];

/** Which part of the server a frame belongs to. */
function component({ functionName, url }) {
  return COMPONENTS.find(([, test]) => test(url, functionName))?.[0] ?? 'Node.js, V8 and other';
}

function frameKey({ functionName, url, lineNumber }) {
  const file = url.startsWith('file:') ? path.relative(ROOT, fileURLToPath(url)) : url;
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/**
 * `from`: only samples taken from then on count, in µs of the monotonic clock V8 stamps samples with (on Linux,
 * the one of `process.hrtime` in any process), so that a client can leave out a phase it does not measure.
 */
export function summarize(profile, from = 0) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfOfNode = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    if (at >= from) selfOfNode.set(id, (selfOfNode.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  const self = new Map();
  const components = new Map();
  const total = new Map();
  const onStack = new Map();
  let busy = 0;
  const visit = (node) => {
    const key = frameKey(node.callFrame);
    const ms = selfOfNode.get(node.id) ?? 0;
    self.set(key, (self.get(key) ?? 0) + ms);
    if (key !== '(idle)') {
      busy += ms;
      const c = component(node.callFrame);
      components.set(c, (components.get(c) ?? 0) + ms);
    }
    onStack.set(key, (onStack.get(key) ?? 0) + 1);
    if (onStack.get(key) === 1) total.set(key, (total.get(key) ?? 0) + subtreeTime(node));
    for (const child of node.children ?? []) visit(nodes.get(child));
    onStack.set(key, onStack.get(key) - 1);
  };
  const subtree = new Map();
  const subtreeTime = (node) => {
    if (!subtree.has(node.id)) subtree.set(node.id, (selfOfNode.get(node.id) ?? 0) + (node.children ?? []).reduce((s, c) => s + subtreeTime(nodes.get(c)), 0));
    return subtree.get(node.id);
  };
  visit(profile.nodes[0]);
  const ranked = (m, filter = () => true) =>
    [...m]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms), pct: Math.round((ms / busy) * 1000) / 10 }));
  return {
    busyMs: Math.round(busy),
    /** Self time by component: xmldom, the html scanner, the LSP transport, the project's code, GC, the rest. */
    components: ranked(components).filter((r) => r.ms > 0),
    self: ranked(self, (k) => k !== '(idle)').slice(0, 15),
    /** Total time of the project's own functions (compiled to out/server/src). */
    total: ranked(total, (k) => k.includes(' out/server/src/')).slice(0, 15),
  };
}

/**
 * The phases of the server's work, by where the code is: a frame belongs to the phase of its own file, else to
 * its caller's (a built-in such as `JSON.stringify` or `Array.prototype.sort` counts where it was called).
 * Rules are tried in order; the first that matches a frame's URL decides.
 */
const PHASES = [
  ['well-formedness', (url) => url.includes('/saxes/') || url.includes('/xmlchars/') || url.includes('/service/xml/wellFormed') || url.includes('/service/xml/encoding')],
  ['scan', (url) => url.includes('/vscode-html-languageservice/') || url.includes('/service/xml/')],
  ['conversion + grouping', (url) => url.includes('/service/languageService') || url.includes('/service/grouping') || url.includes('/lsp/editedLines')],
  ['model + evaluation', (url) => url.includes('/out/server/src/service/')],
  ['serialisation + transport', (url) => url.includes('/lsp/wire') || url.includes('/vscode-jsonrpc/') || (url.includes('/vscode-languageserver') && !url.includes('/vscode-languageserver-textdocument/'))],
  ['server wiring (store, handlers)', (url) => url.includes('/out/server/src/') || url.includes('/vscode-languageserver-textdocument/')],
];

/** Busy time per phase (ms and % of busy), from `from` (µs, as in `summarize`). GC is a phase of its own. */
export function phases(profile, from = 0) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const phaseOf = new Map();
  const assign = (node, inherited) => {
    const { url, functionName } = node.callFrame;
    const own = functionName === '(garbage collector)' ? 'garbage collection' : functionName === '(idle)' ? '(idle)' : PHASES.find(([, test]) => test(url))?.[0];
    const phase = own ?? inherited;
    phaseOf.set(node.id, phase);
    for (const child of node.children ?? []) assign(nodes.get(child), phase);
  };
  assign(profile.nodes[0], 'other (Node.js, V8)');
  const ms = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    if (at < from) return;
    const phase = phaseOf.get(id);
    if (phase !== '(idle)') ms.set(phase, (ms.get(phase) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  const busy = [...ms.values()].reduce((a, b) => a + b, 0);
  return { busyMs: busy, phases: [...ms].sort((a, b) => b[1] - a[1]).map(([phase, v]) => ({ phase, ms: v, pct: Math.round((v / busy) * 1000) / 10 })) };
}
