/* wordstats._count: counts lines, words and bytes of a bytes object in one pass. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *count(PyObject *self, PyObject *args) {
    Py_buffer buf;
    if (!PyArg_ParseTuple(args, "y*", &buf)) return NULL;
    const unsigned char *p = buf.buf;
    Py_ssize_t lines = 0, words = 0;
    int in_word = 0;
    for (Py_ssize_t i = 0; i < buf.len; i++) {
        unsigned char c = p[i];
        if (c == '\n') lines++;
        int space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
        if (!space && !in_word) words++;
        in_word = !space;
    }
    Py_ssize_t size = buf.len;
    PyBuffer_Release(&buf);
    return Py_BuildValue("(nnn)", lines, words, size);
}

static PyMethodDef methods[] = {
    {"count", count, METH_VARARGS, "count(data: bytes) -> (lines, words, bytes)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_count", NULL, -1, methods};

PyMODINIT_FUNC PyInit__count(void) { return PyModule_Create(&module); }
