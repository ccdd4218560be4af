/*
 * Unit tests for qom/ and hw/core/qdev.c: inheritance, casts, class and
 * instance init order, properties of every kind, errors, help output.
 */
#include "qom/object.h"
#include "hw/core/qdev.h"
#include "util/error.h"
#include "harness.h"

static char order[256];

static void note(const char *s)
{
    strncat(order, s, sizeof(order) - strlen(order) - 1);
}

/* animal (abstract) <- dog <- puppy; animal <- cat; plus a device. */
typedef struct Animal {
    Object parent_obj;
    uint32_t legs;
    bool tame;
    char *name;
    uint64_t weight;
    int64_t offset;
    uint64_t mem;
    Object *friend;
    int init_legs_seen;
} Animal;

typedef struct AnimalClass {
    ObjectClass parent_class;
    const char *(*speak)(Animal *a);
    int class_inits;
    const char *inherited_tag;
} AnimalClass;

typedef struct Dog {
    Animal parent_obj;
    uint32_t tricks;
} Dog;

typedef struct DogClass {
    AnimalClass parent_class;
    int dog_only;
} DogClass;

#define TYPE_ANIMAL "animal"
#define TYPE_DOG "dog"
#define TYPE_PUPPY "puppy"
#define TYPE_CAT "cat"
#define ANIMAL(o) OBJECT_CHECK(Animal, (o), TYPE_ANIMAL)
#define DOG(o) OBJECT_CHECK(Dog, (o), TYPE_DOG)
#define ANIMAL_GET_CLASS(o) OBJECT_GET_CLASS(AnimalClass, (o), TYPE_ANIMAL)

static const Property animal_props[] = {
    DEFINE_PROP_UINT32("legs", Animal, legs, 4),
    DEFINE_PROP_BOOL("tame", Animal, tame, true),
    { .name = "name", .kind = PROP_STRING, .offset = offsetof(Animal, name),
      .defstr = "rex", .desc = "what to call it" },
    DEFINE_PROP_UINT64("weight", Animal, weight, 30),
    DEFINE_PROP_INT64("offset", Animal, offset, -5),
    DEFINE_PROP_SIZE("mem", Animal, mem, 16 * MiB),
    DEFINE_PROP_LINK("friend", Animal, friend, TYPE_ANIMAL),
    DEFINE_PROP_END_OF_LIST(),
};

static const char *animal_speak(Animal *a) { return "..."; }
static const char *dog_speak(Animal *a) { return "woof"; }

static void animal_class_init(ObjectClass *k, const void *data)
{
    AnimalClass *ac = (AnimalClass *)k;
    note("Ca");
    k->props = animal_props;
    k->desc = "an animal";
    ac->speak = animal_speak;
    ac->class_inits++;
    ac->inherited_tag = data;
}

static void dog_class_init(ObjectClass *k, const void *data)
{
    AnimalClass *ac = (AnimalClass *)k;
    static const Property dog_props[] = {
        DEFINE_PROP_UINT32("tricks", Dog, tricks, 2),
        DEFINE_PROP_UINT32("legs", Animal, legs, 3),    /* overrides the default */
        DEFINE_PROP_END_OF_LIST(),
    };
    note("Cd");
    /* Parent class already initialised and copied in. */
    if (ac->speak != animal_speak || ac->class_inits != 1 || !ac->inherited_tag) {
        note("!");
    }
    k->props = dog_props;
    k->desc = "a dog";
    ac->speak = dog_speak;
    ac->class_inits++;
    ((DogClass *)k)->dog_only = 7;
}

static void puppy_class_init(ObjectClass *k, const void *data)
{
    note("Cp");
    k->desc = "a young dog";
}

static void animal_init(Object *o) { note("Ia"); ANIMAL(o)->init_legs_seen = ANIMAL(o)->legs; }
static void dog_init(Object *o) { note("Id"); }
static void puppy_init(Object *o) { note("Ip"); }
static void animal_fini(Object *o) { note("Fa"); }
static void dog_fini(Object *o) { note("Fd"); }
static void puppy_fini(Object *o) { note("Fp"); }

static const TypeInfo puppy_info = {     /* registered before its parents */
    .name = TYPE_PUPPY, .parent = TYPE_DOG,
    .class_init = puppy_class_init, .instance_init = puppy_init,
    .instance_finalize = puppy_fini,
};
static const TypeInfo animal_info = {
    .name = TYPE_ANIMAL, .parent = TYPE_OBJECT, .abstract = true,
    .instance_size = sizeof(Animal), .class_size = sizeof(AnimalClass),
    .class_init = animal_class_init, .class_data = "tag",
    .instance_init = animal_init, .instance_finalize = animal_fini,
};
static const TypeInfo dog_info = {
    .name = TYPE_DOG, .parent = TYPE_ANIMAL,
    .instance_size = sizeof(Dog), .class_size = sizeof(DogClass),
    .class_init = dog_class_init, .instance_init = dog_init,
    .instance_finalize = dog_fini,
};
static const TypeInfo cat_info = {
    .name = TYPE_CAT, .parent = TYPE_ANIMAL,
};

typedef struct TestDev {
    DeviceState parent_obj;
    int realized_count;
    int reset_count;
    bool fail;
} TestDev;

static bool testdev_realize(DeviceState *dev, Error **errp)
{
    TestDev *t = (TestDev *)dev;
    t->realized_count++;
    if (t->fail) {
        error_setg(errp, "testdev: cannot realize");
        return false;
    }
    return true;
}

static void testdev_reset(DeviceState *dev) { ((TestDev *)dev)->reset_count++; }

static const Property testdev_props[] = {
    DEFINE_PROP_BOOL("fail", TestDev, fail, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void testdev_class_init(ObjectClass *k, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(k);
    dc->realize = testdev_realize;
    dc->reset = testdev_reset;
    dc->user_creatable = true;
    k->props = testdev_props;
}

static const TypeInfo testdev_info = {
    .name = "testdev", .parent = TYPE_DEVICE, .instance_size = sizeof(TestDev),
    .class_init = testdev_class_init,
};

static void register_types(void)
{
    type_register_static(&puppy_info);
    type_register_static(&animal_info);
    type_register_static(&dog_info);
    type_register_static(&cat_info);
    type_register_static(&testdev_info);
}

type_init(register_types)

static void test_class_init_order(void)
{
    ObjectClass *k;

    order[0] = '\0';
    k = object_class_by_name(TYPE_PUPPY);
    CHECK(k != NULL);
    CHECK_STREQ(order, "CaCdCp");
    order[0] = '\0';
    CHECK(object_class_by_name(TYPE_DOG) != NULL);
    CHECK(object_class_by_name(TYPE_PUPPY) == k);
    CHECK_STREQ(order, "");                          /* once per type */
    CHECK_EQ(((AnimalClass *)k)->class_inits, 2);
    CHECK(((AnimalClass *)k)->speak == dog_speak);
    CHECK_EQ(((DogClass *)k)->dog_only, 7);
    CHECK_STREQ(((AnimalClass *)k)->inherited_tag, "tag");
    CHECK(((AnimalClass *)object_class_by_name(TYPE_CAT))->speak == animal_speak);
    CHECK_STREQ(object_class_get_name(object_class_get_parent(k)), TYPE_DOG);
    CHECK(object_class_get_parent(object_class_by_name(TYPE_OBJECT)) == NULL);
    CHECK(object_class_is_abstract(object_class_by_name(TYPE_ANIMAL)));
    CHECK(!object_class_is_abstract(k));
    CHECK(object_class_by_name("nonexistent") == NULL);
    CHECK_STREQ(k->desc, "a young dog");
}

static void test_casts(void)
{
    Object *o = object_new(TYPE_PUPPY);
    Object *c = object_new(TYPE_CAT);

    CHECK(o != NULL && c != NULL);
    CHECK_STREQ(object_get_typename(o), TYPE_PUPPY);
    CHECK(object_dynamic_cast(o, TYPE_DOG) == o);
    CHECK(object_dynamic_cast(o, TYPE_ANIMAL) == o);
    CHECK(object_dynamic_cast(o, TYPE_OBJECT) == o);
    CHECK(object_dynamic_cast(o, TYPE_CAT) == NULL);
    CHECK(object_dynamic_cast(c, TYPE_DOG) == NULL);
    CHECK(object_dynamic_cast(NULL, TYPE_DOG) == NULL);
    CHECK(DOG(o) == (Dog *)o);
    CHECK(ANIMAL_GET_CLASS(c)->speak(ANIMAL(c)) == animal_speak(NULL));
    CHECK_STREQ(ANIMAL_GET_CLASS(o)->speak(ANIMAL(o)), "woof");
    CHECK(OBJECT_CLASS_CHECK(DogClass, c->klass, TYPE_DOG) == NULL);
    CHECK(object_class_dynamic_cast(NULL, TYPE_DOG) == NULL);
    CHECK(object_new(TYPE_ANIMAL) == NULL);         /* abstract */
    CHECK(object_new("no-such-type") == NULL);
    object_unref(o);
    object_unref(c);
}

static void test_instance_order_and_defaults(void)
{
    Object *o;
    Animal *a;

    order[0] = '\0';
    o = object_new(TYPE_PUPPY);
    a = ANIMAL(o);
    CHECK_STREQ(order, "IaIdIp");
    CHECK_EQ(a->init_legs_seen, 3);                  /* defaults before instance_init */
    CHECK_EQ(a->legs, 3);
    CHECK_EQ(DOG(o)->tricks, 2);
    CHECK(a->tame);
    CHECK_STREQ(a->name, "rex");
    CHECK_EQ(a->weight, 30);
    CHECK_EQ(a->offset, -5);
    CHECK_EQ(a->mem, 16 * MiB);
    CHECK(a->friend == NULL);
    order[0] = '\0';
    object_unref(o);
    CHECK_STREQ(order, "FpFdFa");
    o = object_new(TYPE_CAT);
    CHECK_EQ(ANIMAL(o)->legs, 4);
    object_unref(o);
}

static void test_props_parse(void)
{
    Object *o = object_new(TYPE_DOG);
    Animal *a = ANIMAL(o);
    Error *err = NULL;
    char buf[64];

    CHECK(object_property_parse(o, "legs", "0x10", &err));
    CHECK_EQ(a->legs, 16);
    CHECK(object_property_parse(o, "tame", "off", &err) && !a->tame);
    CHECK(object_property_parse(o, "name", "fido", &err));
    CHECK_STREQ(a->name, "fido");
    CHECK(object_property_parse(o, "weight", "18446744073709551615", &err));
    CHECK_EQ(a->weight, UINT64_MAX);
    CHECK(object_property_parse(o, "offset", "-9223372036854775808", &err));
    CHECK_EQ(a->offset, INT64_MIN);
    CHECK(object_property_parse(o, "mem", "2G", &err));
    CHECK_EQ(a->mem, 2 * GiB);
    CHECK(object_property_parse(o, "tricks", "9", &err));
    CHECK_EQ(DOG(o)->tricks, 9);
    CHECK(err == NULL);

    object_property_print(o, object_property_find(o, "mem"), buf, sizeof(buf));
    CHECK_STREQ(buf, "2G");
    object_property_print(o, object_property_find(o, "tame"), buf, sizeof(buf));
    CHECK_STREQ(buf, "off");
    object_property_print(o, object_property_find(o, "offset"), buf, sizeof(buf));
    CHECK_STREQ(buf, "-9223372036854775808");
    object_property_print(o, object_property_find(o, "name"), buf, sizeof(buf));
    CHECK_STREQ(buf, "fido");
    object_property_print(o, object_property_find(o, "legs"), buf, sizeof(buf));
    CHECK_STREQ(buf, "16");
    CHECK(object_property_find(o, "nope") == NULL);
    object_unref(o);
}

static void expect_error(Object *o, const char *name, const char *val, const char *msg)
{
    Error *err = NULL;

    CHECK(!object_property_parse(o, name, val, &err));
    CHECK(err != NULL);
    if (err && strcmp(error_get_pretty(err), msg) != 0) {
        printf("  got \"%s\"\n  want \"%s\"\n", error_get_pretty(err), msg);
        CHECK(0);
    }
    error_free(err);
}

static void test_props_errors(void)
{
    Object *o = object_new(TYPE_DOG);
    DeviceState *d = qdev_new("testdev");

    expect_error(o, "mem", "zz", "property 'mem' of animal 'dog': invalid size 'zz'");
    expect_error(OBJECT(d), "fail", "maybe",
                 "property 'fail' of device 'testdev': invalid boolean 'maybe' (use on or off)");
    expect_error(OBJECT(d), "nope", "1", "device 'testdev' has no property 'nope'");
    expect_error(o, "legs", "4294967296",
                 "property 'legs' of animal 'dog': value '4294967296' is out of range "
                 "(maximum 4294967295)");
    expect_error(o, "legs", "-1", "property 'legs' of animal 'dog': invalid number '-1'");
    expect_error(o, "legs", "", "property 'legs' of animal 'dog': invalid number ''");
    expect_error(o, "weight", "12abc",
                 "property 'weight' of animal 'dog': invalid number '12abc'");
    expect_error(o, "offset", "9223372036854775808",
                 "property 'offset' of animal 'dog': value '9223372036854775808' is out "
                 "of range");
    expect_error(o, "friend", "ghost", "property 'friend' of animal 'dog': no object with "
                 "id 'ghost'");
    CHECK(object_set_id(OBJECT(d), "dev0", NULL));
    expect_error(o, "friend", "dev0", "property 'friend' of animal 'dog': object 'dev0' is "
                 "a 'testdev', not a 'animal'");
    CHECK_EQ(ANIMAL(o)->legs, 3);                    /* untouched by failures */
    object_unref(OBJECT(d));
    CHECK(object_find_by_id("dev0") == NULL);
    object_unref(o);
}

static void test_props_string_and_links(void)
{
    Object *a = object_new(TYPE_DOG), *b = object_new(TYPE_CAT);
    Error *err = NULL;

    CHECK(object_set_props_from_string(a, "legs=5,tame=no,name=a,,b,,,mem=4k,", &err));
    CHECK(err == NULL);
    CHECK_EQ(ANIMAL(a)->legs, 5);
    CHECK(!ANIMAL(a)->tame);
    CHECK_STREQ(ANIMAL(a)->name, "a,b,");
    CHECK_EQ(ANIMAL(a)->mem, 4096);
    CHECK(!object_set_props_from_string(a, "legs=6,mem=1Z,legs=7", &err));
    CHECK(err && strcmp(error_get_pretty(err),
                        "property 'mem' of animal 'dog': invalid size '1Z'") == 0);
    CHECK_EQ(ANIMAL(a)->legs, 6);
    error_free(err);
    err = NULL;
    CHECK(!object_set_props_from_string(a, "tame", &err));
    CHECK(err && strstr(error_get_pretty(err), "needs a value"));
    error_free(err);
    err = NULL;

    CHECK(object_set_props_from_string(b, "id=cat0,legs=3", &err));
    CHECK(object_find_by_id("cat0") == b);
    CHECK_STREQ(b->id, "cat0");
    CHECK(!object_set_props_from_string(a, "id=cat0", &err));
    CHECK(err && strcmp(error_get_pretty(err), "duplicate id 'cat0'") == 0);
    error_free(err);
    err = NULL;
    CHECK(object_set_id(b, "kitty", &err));
    CHECK(object_find_by_id("cat0") == NULL);
    CHECK(object_find_by_id("kitty") == b);
    CHECK(!object_set_id(a, "kitty", &err));
    CHECK(err && strcmp(error_get_pretty(err), "duplicate id 'kitty'") == 0);
    error_free(err);
    err = NULL;
    CHECK(object_set_props_from_string(a, "friend=kitty", &err));
    CHECK(ANIMAL(a)->friend == b);
    CHECK(object_property_get_link(a, "friend") == b);
    {
        char buf[32];
        object_property_print(a, object_property_find(a, "friend"), buf, sizeof(buf));
        CHECK_STREQ(buf, "kitty");
    }
    object_property_set_link(a, "friend", NULL);
    CHECK(ANIMAL(a)->friend == NULL);

    /* Typed accessors. */
    object_property_set_bool(a, "tame", true);
    CHECK(object_property_get_bool(a, "tame"));
    object_property_set_uint(a, "legs", 8);
    object_property_set_uint(a, "mem", 3 * GiB);
    CHECK_EQ(object_property_get_uint(a, "legs"), 8);
    CHECK_EQ(object_property_get_uint(a, "mem"), 3 * GiB);
    object_property_set_str(a, "name", "zed");
    CHECK_STREQ(object_property_get_str(a, "name"), "zed");
    object_property_set_str(a, "name", NULL);
    CHECK(object_property_get_str(a, "name") == NULL);
    CHECK(object_set_id(b, NULL, NULL));
    CHECK(object_find_by_id("kitty") == NULL);
    object_unref(a);
    object_unref(b);
}

static char *print_to_string(void (*fn)(void *, FILE *), void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(arg, f);
    fclose(f);
    return buf;
}

static void print_props(void *arg, FILE *f) { object_class_print_props(arg, f); }
static void print_list(void *arg, FILE *f) { object_class_print_list(arg, f); }

static void test_help(void)
{
    char *s = print_to_string(print_props, object_class_by_name(TYPE_PUPPY));
    const char *want =
        "puppy options:\n"
        "  friend=<link>            (id of a animal)\n"
        "  legs=<uint32>            (default: 3)\n"
        "  mem=<size>               (default: 16M)\n"
        "  name=<str>               - what to call it (default: rex)\n"
        "  offset=<int64>           (default: -5)\n"
        "  tame=<bool>              (default: on)\n"
        "  tricks=<uint32>          (default: 2)\n"
        "  weight=<uint64>          (default: 30)\n";
    CHECK_STREQ(s, want);
    free(s);
    s = print_to_string(print_list, TYPE_ANIMAL);
    CHECK_STREQ(s, "cat\n"
                   "dog                      a dog\n"
                   "puppy                    a young dog\n");
    free(s);
    s = print_to_string(print_props, object_class_by_name(TYPE_OBJECT));
    CHECK_STREQ(s, "There are no options for object.\n");
    free(s);
    {
        size_t n = 99;
        ObjectClass **l = object_class_get_list(TYPE_DOG, &n);
        CHECK_EQ(n, 2);
        CHECK_STREQ(object_class_get_name(l[0]), TYPE_DOG);
        CHECK_STREQ(object_class_get_name(l[1]), TYPE_PUPPY);
        free(l);
        l = object_class_get_list(TYPE_DEVICE, &n);
        CHECK_EQ(n, 1);
        free(l);
    }
}

static void test_qdev(void)
{
    DeviceState *d = qdev_new("testdev");
    TestDev *t = (TestDev *)d;
    Error *err = NULL;

    CHECK(d != NULL && !d->realized);
    CHECK(qdev_new(TYPE_DEVICE) == NULL);
    CHECK(DEVICE_GET_CLASS(d)->user_creatable);
    CHECK(qdev_realize(d, &err) && d->realized);
    CHECK(qdev_realize(d, &err));
    CHECK_EQ(t->realized_count, 1);
    qdev_reset(d);
    qdev_reset(d);
    CHECK_EQ(t->reset_count, 2);
    object_unref(OBJECT(d));

    d = qdev_new("testdev");
    CHECK(object_set_props_from_string(OBJECT(d), "fail=on", NULL));
    CHECK(!qdev_realize(d, &err) && !d->realized);
    CHECK(err && strcmp(error_get_pretty(err), "testdev: cannot realize") == 0);
    error_free(err);
    object_unref(OBJECT(d));
}

static int irq_log[8];
static void irq_handler(void *opaque, int n, int level)
{
    int *log = opaque;
    log[n] = level + 10;
}

static void test_irq(void)
{
    IRQ **lines = irq_new_array(irq_handler, irq_log, 4);
    IRQ *one = irq_new(irq_handler, irq_log, 7);

    irq_raise(lines[2]);
    irq_lower(lines[0]);
    irq_set(one, 5);
    irq_set(NULL, 1);                                /* unconnected: ignored */
    CHECK_EQ(irq_log[2], 11);
    CHECK_EQ(irq_log[0], 10);
    CHECK_EQ(irq_log[1], 0);
    CHECK_EQ(irq_log[7], 15);
    CHECK_EQ(lines[3]->n, 3);
    for (int i = 0; i < 4; i++) {
        free(lines[i]);
    }
    free(lines);
    free(one);
}

int main(void)
{
    RUN_TEST(test_class_init_order);
    RUN_TEST(test_casts);
    RUN_TEST(test_instance_order_and_defaults);
    RUN_TEST(test_props_parse);
    RUN_TEST(test_props_errors);
    RUN_TEST(test_props_string_and_links);
    RUN_TEST(test_help);
    RUN_TEST(test_qdev);
    RUN_TEST(test_irq);
    HARNESS_EXIT();
}
