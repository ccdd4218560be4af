/*
 * A small object model in the spirit of QOM: a registry of types with single
 * inheritance (the parent struct is embedded as the first member), class and
 * instance initialisers, checked casts, and typed properties that drive the
 * command line (-device NAME,prop=val) and the help listings.
 */
#ifndef QOM_OBJECT_H
#define QOM_OBJECT_H

#include "util/osdep.h"

typedef struct Error Error;
typedef struct TypeImpl TypeImpl;
typedef struct Object Object;
typedef struct ObjectClass ObjectClass;
typedef struct Property Property;

#define TYPE_OBJECT "object"

struct ObjectClass {
    TypeImpl *type;
    const Property *props;      /* this class's own properties, {0}-terminated */
    const char *desc;           /* one line for help listings */
    /* Type names (by pointer) this class was last cast to successfully:
       checked casts sit on hot paths (RISCV_CPU() in helpers). */
    const char *cast_cache[4];
    unsigned cast_next;
};

struct Object {
    ObjectClass *klass;
    char *id;                   /* optional user-visible name */
};

typedef struct TypeInfo {
    const char *name;
    const char *parent;
    size_t instance_size;       /* 0: same as parent */
    size_t class_size;          /* 0: same as parent */
    bool abstract;
    void (*class_init)(ObjectClass *klass, const void *data);
    const void *class_data;
    void (*instance_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
} TypeInfo;

void type_register_static(const TypeInfo *info);
/* Run fn at start-up, before main(): used to register types. */
#define type_init(fn) \
    static void __attribute__((constructor)) type_init_##fn(void) { fn(); }

ObjectClass *object_class_by_name(const char *typename);
ObjectClass *object_class_get_parent(ObjectClass *klass);
const char *object_class_get_name(const ObjectClass *klass);
bool object_class_is_abstract(const ObjectClass *klass);
/* NULL unless klass is typename or a subtype of it. */
ObjectClass *object_class_dynamic_cast(ObjectClass *klass, const char *typename);
/* Non-abstract subtypes of typename, sorted by name; free the array. */
ObjectClass **object_class_get_list(const char *typename, size_t *count);

/* Allocate, zero, apply property defaults, run instance_init of each type
   from the root down.  NULL if typename is unknown or abstract. */
Object *object_new(const char *typename);
void object_unref(Object *obj);     /* finalize (leaf first) and free */
const char *object_get_typename(const Object *obj);
Object *object_dynamic_cast(Object *obj, const char *typename);
/* Checked cast: asserts on a type mismatch (an internal bug). */
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line);

/*
 * Objects with a user-visible id (-device ...,id=x, -netdev id=x): PROP_LINK
 * values name their target by id.  object_set_id(obj, NULL) removes the id;
 * a duplicate id is an error.  object_unref() drops the id.
 */
bool object_set_id(Object *obj, const char *id, Error **errp);
Object *object_find_by_id(const char *id);

#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(k) ((ObjectClass *)(k))
#define OBJECT_CHECK(type, obj, name) \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), __FILE__, __LINE__))
#define OBJECT_GET_CLASS(ctype, obj, name) \
    ((ctype *)object_class_dynamic_cast(OBJECT(obj)->klass, (name)))
#define OBJECT_CLASS_CHECK(ctype, k, name) \
    ((ctype *)object_class_dynamic_cast(OBJECT_CLASS(k), (name)))

/* ---- Properties -------------------------------------------------------- */

typedef enum PropertyKind {
    PROP_BOOL,      /* bool field; "on/off/true/false/yes/no" */
    PROP_UINT32,    /* uint32_t field */
    PROP_UINT64,    /* uint64_t field */
    PROP_INT64,     /* int64_t field */
    PROP_SIZE,      /* uint64_t field; accepts K/M/G/T suffixes */
    PROP_STRING,    /* char * field, owned (freed on finalize) */
    PROP_LINK,      /* Object * field; value names an object by id */
} PropertyKind;

struct Property {
    const char *name;
    PropertyKind kind;
    size_t offset;              /* of the field inside the instance struct */
    const char *link_type;      /* PROP_LINK: required type of the target */
    const char *desc;
    /* Default applied at instance init (numbers, bools; strings below). */
    uint64_t defval;
    const char *defstr;
};

#define DEFINE_PROP_BOOL(n, st, f, d) \
    { .name = (n), .kind = PROP_BOOL, .offset = offsetof(st, f), .defval = (d) }
#define DEFINE_PROP_UINT32(n, st, f, d) \
    { .name = (n), .kind = PROP_UINT32, .offset = offsetof(st, f), .defval = (d) }
#define DEFINE_PROP_UINT64(n, st, f, d) \
    { .name = (n), .kind = PROP_UINT64, .offset = offsetof(st, f), .defval = (d) }
#define DEFINE_PROP_INT64(n, st, f, d) \
    { .name = (n), .kind = PROP_INT64, .offset = offsetof(st, f), .defval = (uint64_t)(d) }
#define DEFINE_PROP_SIZE(n, st, f, d) \
    { .name = (n), .kind = PROP_SIZE, .offset = offsetof(st, f), .defval = (d) }
#define DEFINE_PROP_STRING(n, st, f) \
    { .name = (n), .kind = PROP_STRING, .offset = offsetof(st, f) }
#define DEFINE_PROP_LINK(n, st, f, t) \
    { .name = (n), .kind = PROP_LINK, .offset = offsetof(st, f), .link_type = (t) }
#define DEFINE_PROP_END_OF_LIST() { .name = NULL }

/* Find a property on obj's class or any parent class. */
const Property *object_property_find(Object *obj, const char *name);
/* Set from a string as given on the command line ("4M", "on", ...). */
bool object_property_parse(Object *obj, const char *name, const char *value, Error **errp);
/* Parse "a=1,b=on" (already split from the type name); ",," is a literal
   comma; "id=NAME" sets the object's id unless the type has an "id" property. */
bool object_set_props_from_string(Object *obj, const char *list, Error **errp);
/* Typed accessors; they assert the kind matches. */
void object_property_set_bool(Object *obj, const char *name, bool v);
void object_property_set_uint(Object *obj, const char *name, uint64_t v);
void object_property_set_str(Object *obj, const char *name, const char *v);
void object_property_set_link(Object *obj, const char *name, Object *target);
bool object_property_get_bool(Object *obj, const char *name);
uint64_t object_property_get_uint(Object *obj, const char *name);
const char *object_property_get_str(Object *obj, const char *name);
Object *object_property_get_link(Object *obj, const char *name);
/* "bool", "uint32", "size", ...: as shown in help listings. */
const char *object_property_kind_name(PropertyKind kind);
/* Print the value as text into buf. */
void object_property_print(Object *obj, const Property *p, char *buf, size_t size);
/* "NAME,help": list the properties of a type with kinds and defaults. */
void object_class_print_props(ObjectClass *klass, FILE *out);
/* "-device help" style list of non-abstract subtypes of typename. */
void object_class_print_list(const char *typename, FILE *out);

/* Parse "16M", "1G", "4096" (bytes; suffixes K, M, G, T powers of 1024). */
bool parse_size(const char *str, uint64_t *out, Error **errp);
bool parse_bool(const char *str, bool *out, Error **errp);

#endif
