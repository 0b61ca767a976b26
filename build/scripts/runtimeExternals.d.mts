/** Types of runtimeExternals.mjs (read by the bundler and by test/package/bundleImports.test.ts). */
export declare const NATIVE_DEPENDENCIES: readonly string[];
export declare const LAZY_OPTIONAL: readonly string[];
export declare const RUNTIME_EXTERNALS: readonly string[];
