/*
 * The object model: a hash table of types, classes built lazily (parent
 * class copied into the child, then the child's class_init), instances
 * initialised root-first and finalized leaf-first, typed properties.
 */
#include "qom/object.h"
#include "util/error.h"

struct TypeImpl {
    const char *name;
    const char *parent_name;
    TypeImpl *parent;
    size_t instance_size;
    size_t class_size;
    bool abstract;
    void (*class_init)(ObjectClass *klass, const void *data);
    const void *class_data;
    void (*instance_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    ObjectClass *klass;          /* built on first use */
    bool initializing;           /* to detect parent cycles */
    TypeImpl *hash_next;
};

#define TYPE_HASH_SIZE 256

static TypeImpl *type_table[TYPE_HASH_SIZE];
static size_t type_count;

static unsigned type_hash(const char *s)
{
    uint32_t h = 2166136261u;

    while (*s) {
        h = (h ^ (uint8_t)*s++) * 16777619u;
    }
    return h % TYPE_HASH_SIZE;
}

static TypeImpl *type_lookup_raw(const char *name)
{
    for (TypeImpl *t = type_table[type_hash(name)]; t; t = t->hash_next) {
        if (strcmp(t->name, name) == 0) {
            return t;
        }
    }
    return NULL;
}

static TypeImpl *type_add(const TypeInfo *info)
{
    TypeImpl *t;
    unsigned h;

    if (!info->name) {
        fprintf(stderr, "vireo: type_register_static: type without a name\n");
        abort();
    }
    if (type_lookup_raw(info->name)) {
        fprintf(stderr, "vireo: type '%s' registered twice\n", info->name);
        abort();
    }
    t = XNEW(TypeImpl);
    t->name = info->name;
    t->parent_name = info->parent;
    t->instance_size = info->instance_size;
    t->class_size = info->class_size;
    t->abstract = info->abstract;
    t->class_init = info->class_init;
    t->class_data = info->class_data;
    t->instance_init = info->instance_init;
    t->instance_finalize = info->instance_finalize;
    h = type_hash(t->name);
    t->hash_next = type_table[h];
    type_table[h] = t;
    type_count++;
    return t;
}

/* The root type exists before anything else is looked up or registered. */
static void type_register_root(void)
{
    static const TypeInfo object_info = {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_size = sizeof(ObjectClass),
        .abstract = true,
    };

    if (!type_lookup_raw(TYPE_OBJECT)) {
        type_add(&object_info);
    }
}

void type_register_static(const TypeInfo *info)
{
    type_register_root();
    type_add(info);
}

static TypeImpl *type_lookup(const char *name)
{
    type_register_root();
    return name ? type_lookup_raw(name) : NULL;
}

static void type_initialize(TypeImpl *t)
{
    TypeImpl *p = NULL;

    if (t->klass) {
        return;
    }
    if (t->initializing) {
        fprintf(stderr, "vireo: type '%s' is its own ancestor\n", t->name);
        abort();
    }
    t->initializing = true;
    if (t->parent_name) {
        p = type_lookup(t->parent_name);
        if (!p) {
            fprintf(stderr, "vireo: type '%s' has unknown parent '%s'\n", t->name,
                    t->parent_name);
            abort();
        }
        type_initialize(p);
        if (!t->instance_size) {
            t->instance_size = p->instance_size;
        }
        if (!t->class_size) {
            t->class_size = p->class_size;
        }
        assert(t->instance_size >= p->instance_size);
        assert(t->class_size >= p->class_size);
    } else if (strcmp(t->name, TYPE_OBJECT) != 0) {
        fprintf(stderr, "vireo: type '%s' has no parent\n", t->name);
        abort();
    }
    t->parent = p;
    t->klass = xzalloc(t->class_size);
    if (p) {
        /* Inherit the parent's methods; the child's class_init overrides. */
        memcpy(t->klass, p->klass, p->class_size);
    }
    t->klass->type = t;
    t->klass->props = NULL;      /* only this class's own properties */
    t->klass->desc = NULL;
    if (t->class_init) {
        t->class_init(t->klass, t->class_data);
    }
    t->initializing = false;
}

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *t = type_lookup(typename);

    if (!t) {
        return NULL;
    }
    type_initialize(t);
    return t->klass;
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    return klass && klass->type->parent ? klass->type->parent->klass : NULL;
}

const char *object_class_get_name(const ObjectClass *klass)
{
    return klass->type->name;
}

bool object_class_is_abstract(const ObjectClass *klass)
{
    return klass->type->abstract;
}

ObjectClass *object_class_dynamic_cast(ObjectClass *klass, const char *typename)
{
    if (!klass || !typename) {
        return NULL;
    }
    for (unsigned i = 0; i < ARRAY_SIZE(klass->cast_cache); i++) {
        if (klass->cast_cache[i] == typename) {
            return klass;
        }
    }
    for (TypeImpl *t = klass->type; t; t = t->parent) {
        if (t->name == typename || strcmp(t->name, typename) == 0) {
            klass->cast_cache[klass->cast_next++ % ARRAY_SIZE(klass->cast_cache)] = typename;
            return klass;
        }
    }
    return NULL;
}

static int class_cmp_name(const void *a, const void *b)
{
    const ObjectClass *x = *(ObjectClass *const *)a;
    const ObjectClass *y = *(ObjectClass *const *)b;

    return strcmp(x->type->name, y->type->name);
}

ObjectClass **object_class_get_list(const char *typename, size_t *count)
{
    ObjectClass **list = XNEWV(ObjectClass *, type_count + 1);
    size_t n = 0;

    type_register_root();
    for (size_t h = 0; h < TYPE_HASH_SIZE; h++) {
        for (TypeImpl *t = type_table[h]; t; t = t->hash_next) {
            type_initialize(t);
            if (!t->abstract && object_class_dynamic_cast(t->klass, typename)) {
                list[n++] = t->klass;
            }
        }
    }
    qsort(list, n, sizeof(*list), class_cmp_name);
    list[n] = NULL;
    if (count) {
        *count = n;
    }
    return list;
}

/* ---- Instances ---------------------------------------------------------- */

static void *prop_field(Object *obj, const Property *p)
{
    return (char *)obj + p->offset;
}

static void object_apply_defaults(Object *obj, TypeImpl *t)
{
    if (t->parent) {
        object_apply_defaults(obj, t->parent);
    }
    for (const Property *p = t->klass->props; p && p->name; p++) {
        void *f = prop_field(obj, p);

        switch (p->kind) {
        case PROP_BOOL:
            *(bool *)f = p->defval != 0;
            break;
        case PROP_UINT32:
            *(uint32_t *)f = (uint32_t)p->defval;
            break;
        case PROP_UINT64:
        case PROP_SIZE:
            *(uint64_t *)f = p->defval;
            break;
        case PROP_INT64:
            *(int64_t *)f = (int64_t)p->defval;
            break;
        case PROP_STRING:
            free(*(char **)f);
            *(char **)f = xstrdup(p->defstr);
            break;
        case PROP_LINK:
            *(Object **)f = NULL;
            break;
        }
    }
}

static void object_init_with_type(Object *obj, TypeImpl *t)
{
    if (t->parent) {
        object_init_with_type(obj, t->parent);
    }
    if (t->instance_init) {
        t->instance_init(obj);
    }
}

Object *object_new(const char *typename)
{
    TypeImpl *t = type_lookup(typename);
    Object *obj;

    if (!t) {
        return NULL;
    }
    type_initialize(t);
    if (t->abstract) {
        return NULL;
    }
    obj = xzalloc(t->instance_size);
    obj->klass = t->klass;
    object_apply_defaults(obj, t);
    object_init_with_type(obj, t);
    return obj;
}

/* Registry of objects with an id, for PROP_LINK and the command line. */
static Object **named_objects;
static size_t nr_named, cap_named;

static void object_unregister_id(Object *obj)
{
    for (size_t i = 0; i < nr_named; i++) {
        if (named_objects[i] == obj) {
            named_objects[i] = named_objects[--nr_named];
            return;
        }
    }
}

Object *object_find_by_id(const char *id)
{
    for (size_t i = 0; id && i < nr_named; i++) {
        if (strcmp(named_objects[i]->id, id) == 0) {
            return named_objects[i];
        }
    }
    return NULL;
}

bool object_set_id(Object *obj, const char *id, Error **errp)
{
    Object *other = object_find_by_id(id);

    if (other == obj) {
        return true;
    }
    if (other) {
        error_setg(errp, "duplicate id '%s'", id);
        return false;
    }
    object_unregister_id(obj);
    free(obj->id);
    obj->id = NULL;
    if (!id) {
        return true;
    }
    obj->id = xstrdup(id);
    if (nr_named == cap_named) {
        cap_named = cap_named ? cap_named * 2 : 16;
        named_objects = xrealloc(named_objects, cap_named * sizeof(*named_objects));
    }
    named_objects[nr_named++] = obj;
    return true;
}

static void object_free_props(Object *obj, TypeImpl *t)
{
    for (; t; t = t->parent) {
        for (const Property *p = t->klass->props; p && p->name; p++) {
            if (p->kind == PROP_STRING) {
                char **f = prop_field(obj, p);
                free(*f);
                *f = NULL;
            }
        }
    }
}

void object_unref(Object *obj)
{
    if (!obj) {
        return;
    }
    for (TypeImpl *t = obj->klass->type; t; t = t->parent) {
        if (t->instance_finalize) {
            t->instance_finalize(obj);
        }
    }
    object_free_props(obj, obj->klass->type);
    /* Links pointing at obj would dangle: clear them is the owner's job;
       at least make it unreachable by id. */
    object_unregister_id(obj);
    free(obj->id);
    free(obj);
}

const char *object_get_typename(const Object *obj)
{
    return obj->klass->type->name;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->klass, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line)
{
    if (!obj) {
        return NULL;
    }
    if (!object_class_dynamic_cast(obj->klass, typename)) {
        fprintf(stderr, "%s:%d: object %p of type '%s' is not a '%s'\n", file, line,
                (void *)obj, object_get_typename(obj), typename);
        abort();
    }
    return obj;
}

/* ---- Properties --------------------------------------------------------- */

static const char *const prop_kind_names[] = {
    [PROP_BOOL] = "bool",
    [PROP_UINT32] = "uint32",
    [PROP_UINT64] = "uint64",
    [PROP_INT64] = "int64",
    [PROP_SIZE] = "size",
    [PROP_STRING] = "str",
    [PROP_LINK] = "link",
};

const char *object_property_kind_name(PropertyKind kind)
{
    return (unsigned)kind < ARRAY_SIZE(prop_kind_names) ? prop_kind_names[kind] : "?";
}

static const Property *class_property_find(ObjectClass *klass, const char *name)
{
    for (TypeImpl *t = klass->type; t; t = t->parent) {
        for (const Property *p = t->klass->props; p && p->name; p++) {
            if (strcmp(p->name, name) == 0) {
                return p;
            }
        }
    }
    return NULL;
}

const Property *object_property_find(Object *obj, const char *name)
{
    return class_property_find(obj->klass, name);
}

/* "device", "machine", ...: the kind of object, for error messages. */
static const char *object_kind_word(Object *obj)
{
    TypeImpl *t = obj->klass->type;

    while (t->parent && t->parent->parent) {
        t = t->parent;
    }
    return t->parent ? t->name : "object";
}

bool parse_bool(const char *str, bool *out, Error **errp)
{
    static const char *const yes[] = { "on", "true", "yes" };
    static const char *const no[] = { "off", "false", "no" };

    for (size_t i = 0; str && i < ARRAY_SIZE(yes); i++) {
        if (strcmp(str, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(str, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    error_setg(errp, "invalid boolean '%s' (use on or off)", str ? str : "");
    return false;
}

/* Unsigned integer, decimal or 0x-hex, no sign.  *end gets the rest. */
static bool parse_uint_prefix(const char *str, uint64_t *out, const char **end)
{
    uint64_t v = 0;
    unsigned base = 10;
    const char *s = str;
    bool any = false;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    for (;; s++) {
        unsigned d;

        if (*s >= '0' && *s <= '9') {
            d = *s - '0';
        } else if (base == 16 && *s >= 'a' && *s <= 'f') {
            d = *s - 'a' + 10;
        } else if (base == 16 && *s >= 'A' && *s <= 'F') {
            d = *s - 'A' + 10;
        } else {
            break;
        }
        if (v > (UINT64_MAX - d) / base) {
            return false;
        }
        v = v * base + d;
        any = true;
    }
    if (!any) {
        return false;
    }
    *out = v;
    *end = s;
    return true;
}

bool parse_size(const char *str, uint64_t *out, Error **errp)
{
    const char *end;
    uint64_t v;
    unsigned shift = 0;

    if (!str || !parse_uint_prefix(str, &v, &end)) {
        error_setg(errp, "invalid size '%s'", str ? str : "");
        return false;
    }
    switch (*end) {
    case '\0':
        break;
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    case 't': case 'T': shift = 40; end++; break;
    default:
        end = NULL;
    }
    if (!end || *end) {
        error_setg(errp, "invalid size '%s'", str);
        return false;
    }
    if (shift && v > (UINT64_MAX >> shift)) {
        error_setg(errp, "size '%s' is too large", str);
        return false;
    }
    *out = v << shift;
    return true;
}

static bool parse_uint(const char *str, uint64_t max, uint64_t *out, Error **errp)
{
    const char *end;

    if (!parse_uint_prefix(str, out, &end) || *end) {
        error_setg(errp, "invalid number '%s'", str);
        return false;
    }
    if (*out > max) {
        error_setg(errp, "value '%s' is out of range (maximum %" PRIu64 ")", str, max);
        return false;
    }
    return true;
}

static bool parse_int64(const char *str, int64_t *out, Error **errp)
{
    bool neg = str[0] == '-';
    const char *s = str + (neg || str[0] == '+');
    const char *end;
    uint64_t v;

    if (!parse_uint_prefix(s, &v, &end) || *end) {
        error_setg(errp, "invalid number '%s'", str);
        return false;
    }
    if (v > (uint64_t)INT64_MAX + neg) {
        error_setg(errp, "value '%s' is out of range", str);
        return false;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

bool object_property_parse(Object *obj, const char *name, const char *value, Error **errp)
{
    const Property *p = object_property_find(obj, name);
    void *f;
    Error *err = NULL;
    uint64_t u;
    bool ok = true;

    if (!p) {
        error_setg(errp, "%s '%s' has no property '%s'", object_kind_word(obj),
                   object_get_typename(obj), name);
        return false;
    }
    f = prop_field(obj, p);
    switch (p->kind) {
    case PROP_BOOL:
        ok = parse_bool(value, (bool *)f, &err);
        break;
    case PROP_UINT32:
        if ((ok = parse_uint(value, UINT32_MAX, &u, &err))) {
            *(uint32_t *)f = (uint32_t)u;
        }
        break;
    case PROP_UINT64:
        ok = parse_uint(value, UINT64_MAX, (uint64_t *)f, &err);
        break;
    case PROP_INT64:
        ok = parse_int64(value, (int64_t *)f, &err);
        break;
    case PROP_SIZE:
        ok = parse_size(value, (uint64_t *)f, &err);
        break;
    case PROP_STRING:
        free(*(char **)f);
        *(char **)f = xstrdup(value);
        break;
    case PROP_LINK: {
        Object *target = object_find_by_id(value);

        if (!target) {
            error_setg(&err, "no object with id '%s'", value);
            ok = false;
        } else if (p->link_type && !object_dynamic_cast(target, p->link_type)) {
            error_setg(&err, "object '%s' is a '%s', not a '%s'", value,
                       object_get_typename(target), p->link_type);
            ok = false;
        } else {
            *(Object **)f = target;
        }
        break;
    }
    }
    if (!ok) {
        error_prepend(&err, "property '%s' of %s '%s': ", name, object_kind_word(obj),
                      object_get_typename(obj));
        error_propagate(errp, err);
    }
    return ok;
}

bool object_set_props_from_string(Object *obj, const char *list, Error **errp)
{
    size_t len = list ? strlen(list) : 0;
    char *buf = xmalloc(len + 1);
    const char *s = list;
    bool ok = true;

    while (ok && s && *s) {
        char *d = buf, *eq;

        /* One item; ",," stands for a literal comma, as in QEMU. */
        while (*s && !(*s == ',' && s[1] != ',')) {
            if (*s == ',') {
                s++;
            }
            *d++ = *s++;
        }
        *d = '\0';
        if (*s == ',') {
            s++;
        }
        if (!buf[0]) {
            continue;
        }
        eq = strchr(buf, '=');
        if (!eq) {
            error_setg(errp, "property '%s' of %s '%s' needs a value ('%s=...')", buf,
                       object_kind_word(obj), object_get_typename(obj), buf);
            ok = false;
            break;
        }
        *eq = '\0';
        if (strcmp(buf, "id") == 0 && !object_property_find(obj, "id")) {
            ok = object_set_id(obj, eq + 1, errp);
        } else {
            ok = object_property_parse(obj, buf, eq + 1, errp);
        }
    }
    free(buf);
    return ok;
}

static const Property *prop_expect(Object *obj, const char *name)
{
    const Property *p = object_property_find(obj, name);

    if (!p) {
        fprintf(stderr, "vireo: type '%s' has no property '%s'\n", object_get_typename(obj),
                name);
        abort();
    }
    return p;
}

void object_property_set_bool(Object *obj, const char *name, bool v)
{
    const Property *p = prop_expect(obj, name);

    assert(p->kind == PROP_BOOL);
    *(bool *)prop_field(obj, p) = v;
}

void object_property_set_uint(Object *obj, const char *name, uint64_t v)
{
    const Property *p = prop_expect(obj, name);
    void *f = prop_field(obj, p);

    switch (p->kind) {
    case PROP_UINT32:
        assert(v <= UINT32_MAX);
        *(uint32_t *)f = (uint32_t)v;
        break;
    case PROP_UINT64:
    case PROP_SIZE:
    case PROP_INT64:
        *(uint64_t *)f = v;
        break;
    default:
        assert(!"property is not an integer");
    }
}

void object_property_set_str(Object *obj, const char *name, const char *v)
{
    const Property *p = prop_expect(obj, name);
    char **f = prop_field(obj, p);

    assert(p->kind == PROP_STRING);
    free(*f);
    *f = xstrdup(v);
}

void object_property_set_link(Object *obj, const char *name, Object *target)
{
    const Property *p = prop_expect(obj, name);

    assert(p->kind == PROP_LINK);
    assert(!target || !p->link_type || object_dynamic_cast(target, p->link_type));
    *(Object **)prop_field(obj, p) = target;
}

bool object_property_get_bool(Object *obj, const char *name)
{
    const Property *p = prop_expect(obj, name);

    assert(p->kind == PROP_BOOL);
    return *(bool *)prop_field(obj, p);
}

uint64_t object_property_get_uint(Object *obj, const char *name)
{
    const Property *p = prop_expect(obj, name);
    void *f = prop_field(obj, p);

    switch (p->kind) {
    case PROP_UINT32:
        return *(uint32_t *)f;
    case PROP_UINT64:
    case PROP_SIZE:
    case PROP_INT64:
        return *(uint64_t *)f;
    default:
        assert(!"property is not an integer");
        return 0;
    }
}

const char *object_property_get_str(Object *obj, const char *name)
{
    const Property *p = prop_expect(obj, name);

    assert(p->kind == PROP_STRING);
    return *(char **)prop_field(obj, p);
}

Object *object_property_get_link(Object *obj, const char *name)
{
    const Property *p = prop_expect(obj, name);

    assert(p->kind == PROP_LINK);
    return *(Object **)prop_field(obj, p);
}

/* Sizes print with the largest exact suffix, so that they parse back. */
static void format_size(uint64_t v, char *buf, size_t size)
{
    static const char suffixes[] = "KMGT";
    int i = -1;

    while (v && i < 3 && (v & 1023) == 0) {
        v >>= 10;
        i++;
    }
    if (i >= 0) {
        snprintf(buf, size, "%" PRIu64 "%c", v, suffixes[i]);
    } else {
        snprintf(buf, size, "%" PRIu64, v);
    }
}

static void format_value(PropertyKind kind, uint64_t v, const char *str, const Object *link,
                         char *buf, size_t size)
{
    switch (kind) {
    case PROP_BOOL:
        snprintf(buf, size, "%s", v ? "on" : "off");
        break;
    case PROP_UINT32:
    case PROP_UINT64:
        snprintf(buf, size, "%" PRIu64, v);
        break;
    case PROP_INT64:
        snprintf(buf, size, "%" PRId64, (int64_t)v);
        break;
    case PROP_SIZE:
        format_size(v, buf, size);
        break;
    case PROP_STRING:
        snprintf(buf, size, "%s", str ? str : "");
        break;
    case PROP_LINK:
        snprintf(buf, size, "%s", !link ? "" : link->id ? link->id : object_get_typename(link));
        break;
    }
}

void object_property_print(Object *obj, const Property *p, char *buf, size_t size)
{
    void *f = prop_field(obj, p);
    uint64_t v = 0;

    switch (p->kind) {
    case PROP_BOOL:   v = *(bool *)f; break;
    case PROP_UINT32: v = *(uint32_t *)f; break;
    case PROP_UINT64: case PROP_SIZE: case PROP_INT64: v = *(uint64_t *)f; break;
    default: break;
    }
    format_value(p->kind, v, p->kind == PROP_STRING ? *(char **)f : NULL,
                 p->kind == PROP_LINK ? *(Object **)f : NULL, buf, size);
}

static int prop_cmp_name(const void *a, const void *b)
{
    return strcmp((*(const Property *const *)a)->name, (*(const Property *const *)b)->name);
}

void object_class_print_props(ObjectClass *klass, FILE *out)
{
    size_t n = 0, cap = 0;
    const Property **list = NULL;

    for (TypeImpl *t = klass->type; t; t = t->parent) {
        for (const Property *p = t->klass->props; p && p->name; p++) {
            if (class_property_find(klass, p->name) != p) {
                continue;        /* overridden by a subclass */
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                list = xrealloc(list, cap * sizeof(*list));
            }
            list[n++] = p;
        }
    }
    if (!n) {
        fprintf(out, "There are no options for %s.\n", object_class_get_name(klass));
        free(list);
        return;
    }
    qsort(list, n, sizeof(*list), prop_cmp_name);
    fprintf(out, "%s options:\n", object_class_get_name(klass));
    for (size_t i = 0; i < n; i++) {
        const Property *p = list[i];
        char head[128], def[64];
        bool has_def = true;

        snprintf(head, sizeof(head), "%s=<%s>", p->name, object_property_kind_name(p->kind));
        if (p->kind == PROP_LINK || (p->kind == PROP_STRING && !p->defstr)) {
            has_def = false;
        } else {
            format_value(p->kind, p->defval, p->defstr, NULL, def, sizeof(def));
        }
        fprintf(out, "  %-24s", head);
        if (p->desc) {
            fprintf(out, " - %s", p->desc);
        }
        if (p->kind == PROP_LINK && p->link_type) {
            fprintf(out, " (id of a %s)", p->link_type);
        }
        if (has_def) {
            fprintf(out, " (default: %s)", def);
        }
        fputc('\n', out);
    }
    free(list);
}

void object_class_print_list(const char *typename, FILE *out)
{
    size_t n;
    ObjectClass **list = object_class_get_list(typename, &n);

    for (size_t i = 0; i < n; i++) {
        if (list[i]->desc) {
            fprintf(out, "%-24s %s\n", object_class_get_name(list[i]), list[i]->desc);
        } else {
            fprintf(out, "%s\n", object_class_get_name(list[i]));
        }
    }
    free(list);
}
