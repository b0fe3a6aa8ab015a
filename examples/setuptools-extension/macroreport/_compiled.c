/* The build macros this file was compiled with, for macroreport/__init__.py to compare with
 * the interpreter's own at import. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef Py_TRACE_REFS
#define HAS_TRACE_REFS 1
#else
#define HAS_TRACE_REFS 0
#endif
#ifdef WITH_PYMALLOC
#define HAS_PYMALLOC 1
#else
#define HAS_PYMALLOC 0
#endif
#ifdef WITH_VALGRIND
#define HAS_VALGRIND 1
#else
#define HAS_VALGRIND 0
#endif
#ifdef Py_DEBUG
#define HAS_DEBUG 1
#else
#define HAS_DEBUG 0
#endif

static PyObject *
compiled_macros(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("{s:i,s:i,s:i,s:i}", "Py_DEBUG", HAS_DEBUG, "Py_TRACE_REFS", HAS_TRACE_REFS,
                         "WITH_PYMALLOC", HAS_PYMALLOC, "WITH_VALGRIND", HAS_VALGRIND);
}

static PyMethodDef methods[] = {
    {"compiled_macros", compiled_macros, METH_NOARGS, "The build macros this extension was compiled with."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "macroreport._compiled", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__compiled(void)
{
    return PyModule_Create(&module);
}
