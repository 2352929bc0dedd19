declare const __SERVER_VERSION__: string | undefined;

/** Replaced by the bundler with package.json's version; the compiled tests see `dev`. */
export const TOOL_VERSION = typeof __SERVER_VERSION__ === 'string' ? __SERVER_VERSION__ : 'dev';
