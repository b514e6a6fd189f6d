/* confcheck._scan: runs libyaml's parser over a document and counts what it finds. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <yaml.h>

static PyObject *scan(PyObject *self, PyObject *args) {
    Py_buffer buf;
    if (!PyArg_ParseTuple(args, "y*", &buf)) return NULL;
    yaml_parser_t parser;
    yaml_event_t event;
    long mappings = 0, sequences = 0, scalars = 0, documents = 0;
    int done = 0, ok = 1;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, buf.buf, (size_t)buf.len);
    while (!done) {
        if (!yaml_parser_parse(&parser, &event)) {
            ok = 0;
            break;
        }
        switch (event.type) {
            case YAML_DOCUMENT_START_EVENT: documents++; break;
            case YAML_MAPPING_START_EVENT: mappings++; break;
            case YAML_SEQUENCE_START_EVENT: sequences++; break;
            case YAML_SCALAR_EVENT: scalars++; break;
            case YAML_STREAM_END_EVENT: done = 1; break;
            default: break;
        }
        yaml_event_delete(&event);
    }
    PyObject *result;
    if (ok) {
        result = Py_BuildValue("{s:l,s:l,s:l,s:l}", "documents", documents, "mappings", mappings, "sequences", sequences,
                               "scalars", scalars);
    } else {
        PyErr_Format(PyExc_ValueError, "line %lu: %s", (unsigned long)parser.problem_mark.line + 1,
                     parser.problem ? parser.problem : "invalid YAML");
        result = NULL;
    }
    yaml_parser_delete(&parser);
    PyBuffer_Release(&buf);
    return result;
}

static PyObject *libyaml_version(PyObject *self, PyObject *unused) {
    int major, minor, patch;
    yaml_get_version(&major, &minor, &patch);
    return Py_BuildValue("(iii)", major, minor, patch);
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS, "scan(data: bytes) -> counts of documents, mappings, sequences, scalars"},
    {"libyaml_version", libyaml_version, METH_NOARGS, "the libyaml version the module runs with"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", NULL, -1, methods};

PyMODINIT_FUNC PyInit__scan(void) { return PyModule_Create(&module); }
