/**
 * Child process of the benchmark (run with `node --expose-gc`): the memory @xmldom/xmldom alone needs to parse
 * one file, with the same options as the bare-parse floor. The text is read and the heap collected first, so
 * neither counts. Prints JSON, in MiB:
 * - `rssGrowth`: resident memory right after the parse minus before it (the DOM plus the parse's garbage not yet
 *   collected): the same measure as the server's growth after opening a document;
 * - `heapRetained`: V8 heap in use after a full GC with the DOM still alive minus before (the DOM alone);
 * - `peakGrowth`: the peak resident memory (`VmHWM`) right after the parse minus the resident memory before it:
 *   the same measure as the server's peak after opening a document.
 */
import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';

const MiB = 1024 * 1024;
/** `VmHWM` of this process, in bytes. */
const hwm = () => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
const text = readFileSync(process.argv[2], 'utf8');
global.gc();
const before = process.memoryUsage();
const dom = new DOMParser({ locator: true, onError() {} }).parseFromString(text, 'text/xml');
const parsed = process.memoryUsage();
const peak = hwm();
global.gc();
const retained = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    rssGrowth: (parsed.rss - before.rss) / MiB,
    heapRetained: (retained.heapUsed - before.heapUsed) / MiB,
    peakGrowth: (peak - before.rss) / MiB,
    elements: dom.getElementsByTagName('user').length,
  }),
);
