#!/usr/bin/env node
import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  STORE_MARK,
  defaultHome
} from "./chunks/chunk-2N76SVMT.js";
import "./chunks/chunk-4XGRPEUQ.js";

// src/bin/launch.ts
import { lstatSync } from "node:fs";
import * as nodeModule from "node:module";
import { join } from "node:path";
function compileCacheDir() {
  try {
    const root = defaultHome(process.env);
    if (!lstatSync(join(root, STORE_MARK), { throwIfNoEntry: false })?.isFile()) return void 0;
    if (!lstatSync(join(root, "cache"), { throwIfNoEntry: false })?.isDirectory()) return void 0;
    const dir = join(root, "cache", "node");
    const st = lstatSync(dir, { throwIfNoEntry: false });
    return st === void 0 || st.isDirectory() ? dir : void 0;
  } catch {
    return void 0;
  }
}
var enable = nodeModule.enableCompileCache;
if (enable && !process.env.NODE_COMPILE_CACHE && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  const dir = compileCacheDir();
  if (dir !== void 0) {
    try {
      enable(dir);
    } catch {
    }
  }
}
await import("./chunks/cli-HQVCCTTH.js");
