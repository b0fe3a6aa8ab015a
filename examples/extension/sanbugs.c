/*
 * sanbugs: bugs that only a sanitizer build sees, each next to a correct twin.
 *
 *   racy_increment(n)    BUG: a data race (ThreadSanitizer), when called from several threads
 *   atomic_increment(n)  the same counter, updated atomically: no report
 *   signed_overflow(x)   BUG: x + 1 in an int (UndefinedBehaviorSanitizer when x is INT_MAX; gcc only:
 *                        CPython compiles extensions with -fno-strict-overflow, which for clang
 *                        defines signed overflow as wrapping)
 *   bad_shift(n)         BUG: 1 << n in an int (UndefinedBehaviorSanitizer when n >= 32)
 *   misaligned_load(k)   BUG: reads an int at an odd address (UndefinedBehaviorSanitizer)
 *   aligned_load(k)      the same bytes copied with memcpy: no report
 *   use_after_free()     BUG: reads a malloc'd block after free() (AddressSanitizer)
 *
 * The functions run without holding the GIL's protection on a free-threaded build: the module
 * says so (Py_mod_gil), so importing it does not turn the GIL back on.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* volatile: each increment is a real load and store (a compiler may fold the loop into one add). */
static volatile long counter;

/* BUG: counter += 1 from several threads at once, without a lock or an atomic. */
static PyObject *racy_increment(PyObject *Py_UNUSED(module), PyObject *arg) {
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) return NULL;
    for (long i = 0; i < n; i++) counter += 1;
    return PyLong_FromLong(counter);
}

/* Correct: the same counter, updated atomically. */
static PyObject *atomic_increment(PyObject *Py_UNUSED(module), PyObject *arg) {
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) return NULL;
    long last = 0;
    for (long i = 0; i < n; i++) last = __atomic_add_fetch((long *)&counter, 1, __ATOMIC_RELAXED);
    return PyLong_FromLong(last);
}

/* BUG: signed integer overflow when x is INT_MAX. */
static PyObject *signed_overflow(PyObject *Py_UNUSED(module), PyObject *arg) {
    int x = (int)PyLong_AsLong(arg);
    if (x == -1 && PyErr_Occurred()) return NULL;
    volatile int one = 1;
    int y = x + one;
    return PyLong_FromLong(y);
}

/* BUG: shifts an int by its width or more. */
static PyObject *bad_shift(PyObject *Py_UNUSED(module), PyObject *arg) {
    int n = (int)PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) return NULL;
    volatile int one = 1;
    return PyLong_FromLong(one << n);
}

static unsigned char bytes[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

/* BUG: dereferences an int pointer at an odd address. */
static PyObject *misaligned_load(PyObject *Py_UNUSED(module), PyObject *arg) {
    long k = PyLong_AsLong(arg);
    if (k == -1 && PyErr_Occurred()) return NULL;
    if (k < 0 || k > 8) return PyErr_Format(PyExc_ValueError, "offset %ld out of range", k);
    const int *p = (const int *)(bytes + 1 + 2 * (k / 2));
    return PyLong_FromLong(*p);
}

/* Correct: the same bytes, copied out with memcpy. */
static PyObject *aligned_load(PyObject *Py_UNUSED(module), PyObject *arg) {
    long k = PyLong_AsLong(arg);
    if (k == -1 && PyErr_Occurred()) return NULL;
    if (k < 0 || k > 8) return PyErr_Format(PyExc_ValueError, "offset %ld out of range", k);
    int v;
    memcpy(&v, bytes + 1 + 2 * (k / 2), sizeof v);
    return PyLong_FromLong(v);
}

/* BUG: reads a heap block after it was freed (UBSan cannot see it; ASan can). */
static PyObject *use_after_free(PyObject *Py_UNUSED(module), PyObject *Py_UNUSED(args)) {
    char *volatile block = malloc(8);
    if (block == NULL) return PyErr_NoMemory();
    memset(block, 'x', 8);
    free(block);
    char c = block[3];
    return PyLong_FromLong(c);
}

static PyMethodDef methods[] = {
    {"racy_increment", racy_increment, METH_O, "BUG: racy_increment(n) adds 1 to a shared counter n times, unsynchronized."},
    {"atomic_increment", atomic_increment, METH_O, "atomic_increment(n): the correct version."},
    {"signed_overflow", signed_overflow, METH_O, "BUG: signed_overflow(x) computes x + 1 in a C int."},
    {"bad_shift", bad_shift, METH_O, "BUG: bad_shift(n) computes 1 << n in a C int."},
    {"misaligned_load", misaligned_load, METH_O, "BUG: misaligned_load(k) reads an int at an odd address."},
    {"aligned_load", aligned_load, METH_O, "aligned_load(k): the correct version."},
    {"use_after_free", use_after_free, METH_NOARGS, "BUG: reads a malloc'd block after free()."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
#ifdef Py_GIL_DISABLED
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "sanbugs", "Bugs for sanitizer builds.", 0, methods, slots};

PyMODINIT_FUNC PyInit_sanbugs(void) { return PyModuleDef_Init(&module); }
