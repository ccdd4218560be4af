/*
 * Device-tree helpers on libfdt's read-write API.
 */
#include "hw/core/fdt.h"
#include "hw/core/loader.h"
#include "util/error.h"

#include <ctype.h>
#include <libfdt.h>

#define DT_INITIAL_SIZE (1 << 20)

static int dt_offset(const void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);

    if (off < 0) {
        fprintf(stderr, "dt: no node %s: %s\n", path, fdt_strerror(off));
        abort();
    }
    return off;
}

static void dt_check(int err, const char *what, const char *path)
{
    if (err < 0) {
        fprintf(stderr, "dt: %s %s: %s\n", what, path, fdt_strerror(err));
        abort();
    }
}

void *dt_create(void)
{
    void *fdt = xzalloc(DT_INITIAL_SIZE);

    dt_check(fdt_create_empty_tree(fdt, DT_INITIAL_SIZE), "create", "/");
    return fdt;
}

int dt_finish(void *fdt)
{
    dt_check(fdt_pack(fdt), "pack", "/");
    return fdt_totalsize(fdt);
}

void dt_add_node(void *fdt, const char *path)
{
    const char *slash = strrchr(path, '/');
    int parent;

    assert(slash && slash[1]);
    if (slash == path) {
        parent = 0;
    } else {
        char *ppath = xasprintf("%.*s", (int)(slash - path), path);
        parent = dt_offset(fdt, ppath);
        free(ppath);
    }
    dt_check(fdt_add_subnode(fdt, parent, slash + 1), "add node", path);
}

bool dt_node_exists(const void *fdt, const char *path)
{
    return fdt_path_offset(fdt, path) >= 0;
}

void dt_setprop(void *fdt, const char *path, const char *prop, const void *val, int len)
{
    dt_check(fdt_setprop(fdt, dt_offset(fdt, path), prop, val, len), prop, path);
}

void dt_setprop_empty(void *fdt, const char *path, const char *prop)
{
    dt_setprop(fdt, path, prop, NULL, 0);
}

void dt_setprop_u32(void *fdt, const char *path, const char *prop, uint32_t val)
{
    dt_check(fdt_setprop_u32(fdt, dt_offset(fdt, path), prop, val), prop, path);
}

void dt_setprop_u64(void *fdt, const char *path, const char *prop, uint64_t val)
{
    dt_check(fdt_setprop_u64(fdt, dt_offset(fdt, path), prop, val), prop, path);
}

void dt_setprop_string(void *fdt, const char *path, const char *prop, const char *str)
{
    dt_check(fdt_setprop_string(fdt, dt_offset(fdt, path), prop, str), prop, path);
}

void dt_setprop_strings(void *fdt, const char *path, const char *prop, ...)
{
    char buf[512];
    size_t len = 0;
    const char *s;
    va_list ap;

    va_start(ap, prop);
    while ((s = va_arg(ap, const char *)) != NULL) {
        size_t n = strlen(s) + 1;
        assert(len + n <= sizeof(buf));
        memcpy(buf + len, s, n);
        len += n;
    }
    va_end(ap);
    dt_setprop(fdt, path, prop, buf, len);
}

void dt_setprop_cells(void *fdt, const char *path, const char *prop, const uint32_t *cells,
                      int n)
{
    fdt32_t *be = XNEWV(fdt32_t, n ? n : 1);

    for (int i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    dt_setprop(fdt, path, prop, be, n * (int)sizeof(fdt32_t));
    free(be);
}

uint32_t dt_add_phandle(void *fdt, const char *path)
{
    uint32_t ph;

    dt_check(fdt_generate_phandle(fdt, &ph), "phandle", path);
    dt_setprop_u32(fdt, path, "phandle", ph);
    return ph;
}

/* ---- Files ---------------------------------------------------------------- */

/*
 * Walk the structure block requiring every tag to move forward.  libfdt
 * 1.6.1's fdt_check_full loops forever on some malformed trees (a property
 * length that wraps the offset backwards), so this runs first.
 */
static int dt_check_progress(const void *fdt)
{
    int offset = 0, next;

    for (;;) {
        uint32_t tag = fdt_next_tag(fdt, offset, &next);
        if (next < 0) {
            return next;
        }
        if (tag == FDT_END) {
            return 0;
        }
        if (next <= offset) {
            return -FDT_ERR_BADSTRUCTURE;
        }
        offset = next;
    }
}

void *dt_load_file(const char *path, int *size, Error **errp)
{
    uint8_t *buf;
    size_t len;

    /* The loaders' reader: regular files only (a FIFO or a directory is
       refused with a clear message instead of blocking or misreported). */
    if (!loader_read_file_max("dtb", path, 64 * MiB, &buf, &len, errp)) {
        return NULL;
    }
    void *fdt = buf;
    if ((size_t)len < sizeof(struct fdt_header)) {
        error_setg(errp, "could not load dtb '%s': truncated header", path);
        free(fdt);
        return NULL;
    }
    int err = fdt_check_header(fdt);
    if (err == 0 && fdt_totalsize(fdt) > (size_t)len) {
        err = -FDT_ERR_TRUNCATED;
    }
    /* Versions before 16 (pre-2008 trees with full-path node names) crash
       fdt_check_full in libfdt 1.6.1 on malformed input: refuse them. */
    if (err == 0 && fdt_version(fdt) < 16) {
        error_setg(errp, "could not load dtb '%s': device tree version %u is too old "
                   "(need 16 or later)", path, fdt_version(fdt));
        free(fdt);
        return NULL;
    }
    if (err == 0) {
        err = dt_check_progress(fdt);
    }
    if (err == 0) {
        err = fdt_check_full(fdt, len);
    }
    if (err) {
        error_setg(errp, "could not load dtb '%s': invalid device tree: %s", path,
                   fdt_strerror(err));
        free(fdt);
        return NULL;
    }
    *size = fdt_totalsize(fdt);
    return fdt;
}

bool dt_save_file(const void *fdt, const char *path, Error **errp)
{
    FILE *f = fopen(path, "wb");

    if (!f) {
        error_setg_errno(errp, errno, "could not write dtb '%s'", path);
        return false;
    }
    size_t len = fdt_totalsize(fdt);
    bool ok = fwrite(fdt, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        error_setg(errp, "could not write dtb '%s'", path);
    }
    return ok;
}

/* ---- Printing ------------------------------------------------------------- */

/* A property value is a string list if it is NUL-terminated printable text. */
static bool is_string_list(const char *p, int len)
{
    if (len == 0 || p[len - 1] != '\0' || p[0] == '\0') {
        return false;
    }
    for (int i = 0; i < len; i++) {
        if (p[i] == '\0') {
            if (i > 0 && p[i - 1] == '\0') {
                return false;
            }
        } else if (!isprint((unsigned char)p[i])) {
            return false;
        }
    }
    return true;
}

static void print_value(const char *p, int len, FILE *out)
{
    if (len == 0) {
        return;
    }
    fputs(" = ", out);
    if (is_string_list(p, len)) {
        for (int i = 0; i < len; i += strlen(p + i) + 1) {
            fprintf(out, "%s\"%s\"", i ? ", " : "", p + i);
        }
    } else if (len % 4 == 0) {
        fputc('<', out);
        for (int i = 0; i < len; i += 4) {
            uint32_t v;
            memcpy(&v, p + i, 4);
            fprintf(out, "%s0x%x", i ? " " : "", fdt32_to_cpu(v));
        }
        fputc('>', out);
    } else {
        fputc('[', out);
        for (int i = 0; i < len; i++) {
            fprintf(out, "%s%02x", i ? " " : "", (uint8_t)p[i]);
        }
        fputc(']', out);
    }
}

void dt_print(const void *fdt, FILE *out)
{
    int depth = 0, off = 0;

    fprintf(out, "/dts-v1/;\n\n");
    while (off >= 0) {
        const char *name = fdt_get_name(fdt, off, NULL);
        int prop;

        fprintf(out, "%*s%s {\n", depth * 4, "", depth == 0 ? "/" : name);
        fdt_for_each_property_offset(prop, fdt, off) {
            const char *pname;
            int len;
            const char *val = fdt_getprop_by_offset(fdt, prop, &pname, &len);
            fprintf(out, "%*s%s", (depth + 1) * 4, "", pname);
            print_value(val, len, out);
            fputs(";\n", out);
        }
        /* Next node in document order, closing the ones we leave. */
        int next_depth = depth;
        int next = fdt_next_node(fdt, off, &next_depth);
        if (next < 0 || next_depth < 0) {      /* past the root's end */
            next = -1;
            next_depth = 0;
        }
        for (int d = depth; d >= next_depth; d--) {
            fprintf(out, "%*s};\n", d * 4, "");
        }
        off = next;
        depth = next_depth;
    }
}
