import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/files/exists.ts
import { lstat, stat } from "node:fs/promises";
var is = (kind) => (s) => kind === "any" || (kind === "file" ? s.isFile() : s.isDirectory());
function exists(path, kind = "any") {
  return stat(path).then(is(kind), () => false);
}
function existsNoFollow(path, kind = "any") {
  return lstat(path).then(is(kind), () => false);
}

// src/files/temp-name.ts
import { randomBytes } from "node:crypto";
function tempName(prefix) {
  return `${prefix}.pydebug-tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
}
function tempNamePid(name) {
  const pid = /\.pydebug-tmp-([1-9]\d{0,9})-[0-9a-f]{8}$/.exec(name)?.[1];
  return pid === void 0 ? void 0 : Number(pid);
}

export {
  exists,
  existsNoFollow,
  tempName,
  tempNamePid
};
