/*
 * Small helpers over libfdt to build a device tree by node path, and to print
 * one as source text (-d fdt).  Building errors are internal bugs (assert):
 * the tree is generated from constant tables, never from guest input.
 */
#ifndef HW_CORE_FDT_H
#define HW_CORE_FDT_H

#include "util/osdep.h"

typedef struct Error Error;

/* An empty tree with room to grow; free with free(). */
void *dt_create(void);
/* Pack the tree and return its size. */
int dt_finish(void *fdt);

/* Add node path ("/soc/uart@10000000"); its parent must exist. */
void dt_add_node(void *fdt, const char *path);
bool dt_node_exists(const void *fdt, const char *path);

void dt_setprop(void *fdt, const char *path, const char *prop, const void *val, int len);
void dt_setprop_empty(void *fdt, const char *path, const char *prop);
void dt_setprop_u32(void *fdt, const char *path, const char *prop, uint32_t val);
void dt_setprop_u64(void *fdt, const char *path, const char *prop, uint64_t val);
void dt_setprop_string(void *fdt, const char *path, const char *prop, const char *str);
/* A string list: NULL-terminated varargs. */
void dt_setprop_strings(void *fdt, const char *path, const char *prop, ...);
/* n 32-bit cells. */
void dt_setprop_cells(void *fdt, const char *path, const char *prop, const uint32_t *cells,
                      int n);
/* A fresh phandle, set on path and returned. */
uint32_t dt_add_phandle(void *fdt, const char *path);

/* Load and validate a DTB file (fdt_check_header, size against the file). */
void *dt_load_file(const char *path, int *size, Error **errp);
/* Write the tree to a file (dumpdtb=). */
bool dt_save_file(const void *fdt, const char *path, Error **errp);

/* Print as device-tree source. */
void dt_print(const void *fdt, FILE *out);

#endif
