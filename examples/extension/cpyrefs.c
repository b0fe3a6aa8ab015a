/*
 * cpyrefs: a tiny C extension with the reference-counting bugs a debug interpreter exists to
 * catch, next to a correct function for contrast. The first function is the recipe's
 * access_after_free, as written there.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* BUG: reads an object after its last reference was released. */
static PyObject *access_after_free(PyObject *Py_UNUSED(module), PyObject *Py_UNUSED(args)) {
    PyObject *pA = PyLong_FromLong(1024L * 1024L);
    fprintf(stdout, "%s(): Before Py_DECREF(0x%p) Ref count: %zd\n", __FUNCTION__, (void *)pA, Py_REFCNT(pA));
    PyObject_Print(pA, stdout, Py_PRINT_RAW);
    fprintf(stdout, "\n");

    Py_DECREF(pA);

    fprintf(stdout, "%s(): After Py_DECREF(0x%p) Ref count: %zd\n", __FUNCTION__, (void *)pA, Py_REFCNT(pA));
    PyObject_Print(pA, stdout, Py_PRINT_RAW);
    fprintf(stdout, "\n");
    fflush(stdout);
    Py_RETURN_NONE;
}

/* BUG: creates `count` new references to int(value) and never releases them. */
static PyObject *leak_new_reference(PyObject *Py_UNUSED(module), PyObject *args) {
    long value;
    Py_ssize_t count;
    if (!PyArg_ParseTuple(args, "ln", &value, &count)) return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *obj = PyLong_FromLong(value);
        if (obj == NULL) return NULL;
        /* missing: Py_DECREF(obj); */
    }
    Py_RETURN_NONE;
}

/* Correct: the same work, each new reference released. */
static PyObject *new_reference(PyObject *Py_UNUSED(module), PyObject *args) {
    long value;
    Py_ssize_t count;
    if (!PyArg_ParseTuple(args, "ln", &value, &count)) return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *obj = PyLong_FromLong(value);
        if (obj == NULL) return NULL;
        Py_DECREF(obj);
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"access_after_free", access_after_free, METH_NOARGS, "BUG: use an object after it is freed."},
    {"leak_new_reference", leak_new_reference, METH_VARARGS, "BUG: leak(value, count) leaks count new references."},
    {"new_reference", new_reference, METH_VARARGS, "new_reference(value, count): the correct version."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cpyrefs", "Reference counting bugs, for debug interpreters.", -1, methods};

PyMODINIT_FUNC PyInit_cpyrefs(void) { return PyModule_Create(&module); }
