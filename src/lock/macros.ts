/** The macro names the lock's expectations list, apart so that schema.ts and types.ts share them without importing each other. */

/** The C macros (and NDEBUG) a built interpreter must show, each proven by the probe. */
export const MACRO_NAMES = ['Py_DEBUG', 'Py_REF_DEBUG', 'Py_TRACE_REFS', 'WITH_PYMALLOC', 'WITH_VALGRIND', 'Py_GIL_DISABLED', 'NDEBUG'] as const;
export type MacroName = (typeof MACRO_NAMES)[number];
