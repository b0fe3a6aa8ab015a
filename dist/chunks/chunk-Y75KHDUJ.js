import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  segmentProblem
} from "./chunk-HEHMV332.js";

// src/config/url.ts
var PYTHON_ORG_FTP = "https://www.python.org/ftp/python";
function releaseDirectory(version) {
  return /^\d+\.\d+\.\d+/.exec(version)?.[0] ?? version;
}
function defaultTarballUrl(version) {
  return `${PYTHON_ORG_FTP}/${releaseDirectory(version)}/Python-${version}.tgz`;
}
var TARBALL_NAME = /\.(tgz|tar\.gz|tar\.xz|tar\.bz2|tar\.zst)$/;
var CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
function urlFileName(url) {
  try {
    return decodeURIComponent(url.slice(url.lastIndexOf("/") + 1));
  } catch {
    return void 0;
  }
}
function parse(url) {
  try {
    return new URL(url);
  } catch {
    return {
      message: `${JSON.stringify(url)} is not a valid URL`,
      hint: "check the host name and the port (1-65535), e.g. https://www.python.org/ftp/python"
    };
  }
}
function parseDownloadUrl(url) {
  const parsed = parse(url);
  if (!(parsed instanceof URL)) return parsed;
  if (!["http:", "https:", "file:"].includes(parsed.protocol)) {
    return { message: `${JSON.stringify(url)} is not an http://, https:// or file:// URL`, hint: "pydebug downloads over http(s) or reads a local file:// URL" };
  }
  if (parsed.port === "0") return { message: `${JSON.stringify(url)} names port 0, which nothing listens on`, hint: "leave the port out, or give the server's port" };
  return parsed;
}
function fileUrlProblem(url, parsed) {
  if (parsed.host !== "" && parsed.host !== "localhost") {
    return {
      message: `${JSON.stringify(url)} names a host (${parsed.host}); a file:// URL names a local directory`,
      hint: `write three slashes: file:///${parsed.host}${parsed.pathname}`
    };
  }
  if (/%2f|%5c/i.test(parsed.pathname)) {
    return { message: `${JSON.stringify(url)} contains an encoded path separator (%2F or %5C)`, hint: "write the directory with plain slashes" };
  }
  let path;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { message: `${JSON.stringify(url)} has a malformed percent escape`, hint: "write a literal % as %25, or use the plain directory path instead of a file:// URL" };
  }
  if (CONTROL_CHARACTER.test(path)) return { message: `${JSON.stringify(url)} decodes to a path with a NUL or control character`, hint: "remove the %00..%1F escapes" };
  return void 0;
}
function sourceUrlProblem(url, version) {
  const parsed = parseDownloadUrl(url);
  if (!(parsed instanceof URL)) return parsed;
  const example = `https://www.python.org/ftp/python/${releaseDirectory(version)}/Python-${version}.tar.xz`;
  const file = urlFileName(url);
  if (file === void 0) {
    return {
      message: "url has a malformed percent escape in its last segment (the tarball's file name)",
      hint: `write a literal % as %25; the last segment must be the tarball's name, e.g. ${example}`
    };
  }
  const problem = segmentProblem(file);
  if (problem) {
    return {
      message: `url gives the file name ${JSON.stringify(file)}, which cannot be used: ${problem}`,
      hint: `the url's last segment is the tarball's file name in the store: make it a plain name (no %2F, %5C, .. or control characters), e.g. ${example}`
    };
  }
  if (!TARBALL_NAME.test(file)) {
    return { message: "url must end with a source tarball name (.tgz, .tar.gz, .tar.xz, .tar.bz2)", hint: `for example ${example}` };
  }
  return parsed.protocol === "file:" ? fileUrlProblem(url, parsed) : void 0;
}
function isRelativeDirectory(mirror) {
  return !mirror.startsWith("/") && !mirror.startsWith("~") && !mirror.includes(":");
}
function mirrorProblem(mirror, relative = false) {
  const problem = mirrorProblemShown(mirror, relative);
  return problem && { ...problem, message: redactUserInfo(problem.message) };
}
function mirrorProblemShown(mirror, relative) {
  if (relative && isRelativeDirectory(mirror)) {
    return CONTROL_CHARACTER.test(mirror) ? { message: "the mirror directory contains a NUL or control character", hint: "give the directory's plain path" } : void 0;
  }
  if (relative && !/^(https?|file):\/\//.test(mirror)) {
    return {
      message: `mirror ${JSON.stringify(mirror)} is neither a URL nor a directory`,
      hint: "use an http(s):// or file:// URL, or a directory (absolute, or relative to pydebug.yml's directory; `~` is not expanded), laid out as <version>/<file> like python.org/ftp/python"
    };
  }
  if (mirror.startsWith("/")) {
    return CONTROL_CHARACTER.test(mirror) ? { message: "the mirror directory contains a NUL or control character", hint: "give the directory's plain absolute path" } : void 0;
  }
  if (!/^(https?|file):\/\/\S+$/.test(mirror)) {
    return {
      message: `mirror ${JSON.stringify(mirror)} is neither a URL nor an absolute directory`,
      hint: "use an http(s):// or file:// URL, or an absolute path, laid out as <version>/<file> like python.org/ftp/python"
    };
  }
  const parsed = parseDownloadUrl(mirror);
  if (!(parsed instanceof URL)) return parsed;
  return parsed.protocol === "file:" ? fileUrlProblem(mirror, parsed) : void 0;
}
var USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s@]*)@/gi;
function redactUserInfo(text) {
  return text.replace(USER_INFO, (_all, scheme, info) => {
    const colon = info.indexOf(":");
    return colon === -1 ? `${scheme}***@` : `${scheme}${info.slice(0, colon)}:***@`;
  });
}

export {
  PYTHON_ORG_FTP,
  defaultTarballUrl,
  urlFileName,
  sourceUrlProblem,
  isRelativeDirectory,
  mirrorProblem,
  redactUserInfo
};
