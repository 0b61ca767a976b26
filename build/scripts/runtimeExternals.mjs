/**
 * What the bundles leave to the runtime, and why. Everything else they import is bundled in.
 * - native modules, which load a compiled binary beside their JavaScript (production `dependencies`);
 * - `electron`, which the desktop runtime provides;
 * - `playwright-core`, loaded lazily by the command line and browser mode when they print a PDF (the desktop
 *   prints with Electron's printToPDF): a devDependency, absent from the installed app.
 */
export const NATIVE_DEPENDENCIES = ['onnxruntime-node', 'better-sqlite3-multiple-ciphers', 'sharp'];
export const LAZY_OPTIONAL = ['playwright-core'];
export const RUNTIME_EXTERNALS = [...NATIVE_DEPENDENCIES, 'electron', ...LAZY_OPTIONAL];
