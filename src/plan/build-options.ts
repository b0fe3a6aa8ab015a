/**
 * What the machine's compiler says against what a build's options need, before anything is
 * downloaded or built (sync's preflight). Pure: the lock's expectations and the compiler's own
 * words (`cc --version`, as the store remembers them) in, a problem or nothing out. pydebug.yml's
 * rules already refuse what a compiler's name gives away (gcc, clang-18); this is for the names
 * that say no version (clang, cc, a path).
 */
import { clangMajor, TAIL_CALL_MIN_CLANG } from '../config/cpython.js';
import type { BuildOptions } from '../lock/types.js';

export function buildOptionProblem(id: string, options: BuildOptions | undefined, compiler: { compiler: string; version: string }): { message: string; hint: string } | undefined {
  if (!options?.tail_call) return undefined;
  const major = clangMajor(compiler.version);
  if (major !== undefined && major >= TAIL_CALL_MIN_CLANG) return undefined;
  return {
    message: `${id} sets tail_call, which needs clang ${TAIL_CALL_MIN_CLANG} or newer (preserve_none and musttail), but ${compiler.compiler} is ${JSON.stringify(compiler.version)}`,
    hint: `set compiler: clang-${TAIL_CALL_MIN_CLANG} in the variant (Debian/Ubuntu: apt install clang-${TAIL_CALL_MIN_CLANG}), or point it at a clang ${TAIL_CALL_MIN_CLANG}+`,
  };
}
