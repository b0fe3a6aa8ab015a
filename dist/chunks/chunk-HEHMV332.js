import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/paths.ts
function segmentProblem(name) {
  if (name === "") return "it is empty";
  if (name === "." || name === "..") return `"${name}" is not a file name`;
  if (name.includes("/") || name.includes("\\")) return "it contains a path separator (/ or \\)";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it contains a NUL or control character";
  if (Buffer.byteLength(name) > 255) return "it is longer than 255 bytes";
  return void 0;
}

export {
  segmentProblem
};
