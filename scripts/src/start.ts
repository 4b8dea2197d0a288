import { enableCompileCache } from "node:module";

/**
 * `npm start` (see system.ts). V8's compile cache goes on first, before the system's modules
 * load: compiling them is most of a service's start-up, and with the cache every start after
 * the first on this machine skips it. The services this process starts inherit NODE_COMPILE_CACHE
 * and use the same cache (in the OS temp folder unless set; entries are keyed by file contents).
 */
const { directory } = enableCompileCache(process.env.NODE_COMPILE_CACHE);
if (directory) process.env.NODE_COMPILE_CACHE = directory;
await import("./system.js");
