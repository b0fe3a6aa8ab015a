import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/config/git.ts
var COMMIT_PATTERN = /^[0-9a-f]{40}$/;
var SOURCE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._]{0,63}$/;
var CHECKOUT_VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?\+?$/;
var CONTROL_OR_SPACE = /[\u0000-\u0020\u007f]/;
function refFormatProblem(ref) {
  if (ref === "") return "it is empty";
  if (ref.startsWith("-")) return 'it starts with "-", which git would read as an option';
  if (CONTROL_OR_SPACE.test(ref)) return "it contains a space or a control character";
  const forbidden = [...ref].find((c) => "~^:?*[\\".includes(c));
  if (forbidden) return `it contains "${forbidden}"`;
  if (ref.includes("..")) return 'it contains ".."';
  if (ref.includes("@{")) return 'it contains "@{"';
  if (ref === "@") return 'it is "@"';
  if (ref.startsWith("/") || ref.endsWith("/")) return 'it starts or ends with "/"';
  if (ref.includes("//")) return 'it contains "//"';
  if (ref.endsWith(".")) return 'it ends with "."';
  for (const component of ref.split("/")) {
    if (component.startsWith(".")) return `its component "${component}" starts with "."`;
    if (component.endsWith(".lock")) return `its component "${component}" ends with ".lock"`;
  }
  return void 0;
}
function gitUrlProblem(url) {
  if (url.startsWith("-")) return 'it starts with "-", which git would read as an option';
  if (CONTROL_OR_SPACE.test(url)) return "it contains a space or a control character";
  if (/^(https?|git):\/\/[^/]/.test(url) || url.startsWith("file:///")) return void 0;
  if (url.startsWith("/") || url.startsWith("./") || url.startsWith("../")) return url.includes(":") ? 'a local path must not contain ":" (git would read host:path as ssh)' : void 0;
  return "it is neither an https://, http://, git:// or file:// URL nor a local path (/..., ./... or ../...)";
}
function patchlevelVersion(text) {
  const m = /^#define[ \t]+PY_VERSION[ \t]+"([^"\n]*)"/m.exec(text);
  return m && CHECKOUT_VERSION_PATTERN.test(m[1]) ? m[1] : void 0;
}

export {
  COMMIT_PATTERN,
  SOURCE_NAME_PATTERN,
  CHECKOUT_VERSION_PATTERN,
  refFormatProblem,
  gitUrlProblem,
  patchlevelVersion
};
