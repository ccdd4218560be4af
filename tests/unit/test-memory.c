/*
 * Unit tests for memory/: priorities, aliases, container offsets, splitting,
 * access-size adaptation, endianness, unassigned and ROM accesses, lazy flat
 * view rebuilds, listeners and the code-write hook.
 */
#include "memory/memory.h"
#include "util/error.h"
#include "util/log.h"
#include "harness.h"

#include <unistd.h>

/* A device that records every access and reads back a pattern or a store. */
typedef struct Access {
    char op;
    hwaddr off;
    uint64_t val;
    unsigned size;
} Access;

typedef struct TestDev {
    Access log[64];
    int n;
    uint8_t regs[64];            /* byte-addressed backing, device order */
    bool big_endian;
} TestDev;

static uint64_t td_read(void *opaque, hwaddr off, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned sh = d->big_endian ? (size - 1 - i) * 8 : i * 8;
        v |= (uint64_t)d->regs[(off + i) % 64] << sh;
    }
    if (d->n < 64) {
        d->log[d->n++] = (Access){ 'r', off, v, size };
    }
    return v;
}

static void td_write(void *opaque, hwaddr off, uint64_t v, unsigned size)
{
    TestDev *d = opaque;

    for (unsigned i = 0; i < size; i++) {
        unsigned sh = d->big_endian ? (size - 1 - i) * 8 : i * 8;
        d->regs[(off + i) % 64] = (uint8_t)(v >> sh);
    }
    if (d->n < 64) {
        d->log[d->n++] = (Access){ 'w', off, v, size };
    }
}

static void td_fill(TestDev *d)
{
    memset(d, 0, sizeof(*d));
    for (int i = 0; i < 64; i++) {
        d->regs[i] = (uint8_t)(0x10 + i);
    }
}

#define CHECK_ACCESS(d, i, o, a, v, s) do {                                    \
        CHECK((d)->n > (i));                                                   \
        CHECK_EQ((d)->log[i].op, (o));                                         \
        CHECK_EQ((d)->log[i].off, (a));                                        \
        CHECK_EQ((d)->log[i].val, (v));                                        \
        CHECK_EQ((d)->log[i].size, (s));                                       \
    } while (0)

static void test_ram_rw_and_split(void)
{
    MemoryRegion sys, ram1, ram2;
    AddressSpace as;
    uint8_t buf[32], out[32];

    memory_region_init_container(&sys, NULL, "system", UINT64_MAX);
    CHECK(memory_region_init_ram(&ram1, NULL, "ram1", 0x1000, NULL));
    CHECK(memory_region_init_ram(&ram2, NULL, "ram2", 0x1000, NULL));
    memory_region_add_subregion(&sys, 0x1000, &ram1);
    memory_region_add_subregion(&sys, 0x2000, &ram2);
    address_space_init(&as, &sys, "memory");
    for (int i = 0; i < 32; i++) {
        buf[i] = (uint8_t)i;
    }
    CHECK_EQ(address_space_write(&as, 0x1ff0, buf, 32), MEMTX_OK);   /* spans both */
    CHECK_EQ(ram1.ram[0xfff], 15);
    CHECK_EQ(ram2.ram[0], 16);
    CHECK_EQ(ram2.ram[15], 31);
    memset(out, 0xee, sizeof(out));
    CHECK_EQ(address_space_read(&as, 0x1ff0, out, 32), MEMTX_OK);
    CHECK(memcmp(buf, out, 32) == 0);
    CHECK_EQ(address_space_ldl_le(&as, 0x1ffe, NULL), 0x11100f0e);
    address_space_stq_le(&as, 0x2008, 0x1122334455667788ull, NULL);
    CHECK_EQ(address_space_ldq_le(&as, 0x2008, NULL), 0x1122334455667788ull);
    CHECK_EQ(address_space_lduw_le(&as, 0x2008, NULL), 0x7788);
    CHECK_EQ(address_space_ldub(&as, 0x200f, NULL), 0x11);
    address_space_stw_le(&as, 0x1000, 0xbeef, NULL);
    address_space_stl_le(&as, 0x1004, 0xcafef00d, NULL);
    address_space_stb(&as, 0x1008, 0x5a, NULL);
    CHECK_EQ(address_space_ldq_le(&as, 0x1000, NULL), 0xcafef00d0000beefull);
    CHECK_EQ(ram1.ram[8], 0x5a);
    address_space_destroy(&as);
    memory_region_destroy(&ram1);
    memory_region_destroy(&ram2);
    memory_region_destroy(&sys);
}

static void test_big_ram_is_lazy(void)
{
    MemoryRegion ram;
    Error *err = NULL;

    /* 64 GiB with NORESERVE: succeeds without touching host memory. */
    CHECK(memory_region_init_ram(&ram, NULL, "big", 64 * GiB, &err));
    CHECK(err == NULL);
    ram.ram[64 * GiB - 1] = 1;
    CHECK_EQ(ram.ram[0], 0);
    memory_region_destroy(&ram);
    CHECK(!memory_region_init_ram(&ram, NULL, "huge", 1ull << 62, &err));
    CHECK(err && strstr(error_get_pretty(err), "huge"));
    error_free(err);
    err = NULL;
    CHECK(!memory_region_init_ram(&ram, NULL, "empty", 0, &err));
    error_free(err);
    memory_region_destroy(&ram);
}

static void test_priority_overlap(void)
{
    MemoryRegion sys, low, high, mid1, mid2;
    AddressSpace as;
    FlatRange fr;
    FlatView *v;

    memory_region_init_container(&sys, NULL, "system", 0x10000);
    memory_region_init_ram(&low, NULL, "low", 0x4000, NULL);
    memory_region_init_ram(&high, NULL, "high", 0x1000, NULL);
    memory_region_init_ram(&mid1, NULL, "mid1", 0x1000, NULL);
    memory_region_init_ram(&mid2, NULL, "mid2", 0x1000, NULL);
    /* Added high before low to show order of addition does not matter. */
    memory_region_add_subregion_overlap(&sys, 0x1000, &high, 5);
    memory_region_add_subregion_overlap(&sys, 0x0, &low, 0);
    memory_region_add_subregion_overlap(&sys, 0x2800, &mid1, 1);
    memory_region_add_subregion_overlap(&sys, 0x2800, &mid2, 1);     /* later wins */
    CHECK(sys.subregions[0] == &high);
    CHECK(sys.subregions[1] == &mid2);
    CHECK(sys.subregions[2] == &mid1);
    CHECK(sys.subregions[3] == &low);
    address_space_init(&as, &sys, "memory");
    v = address_space_get_flatview(&as);
    CHECK_EQ(v->nr, 5);
    if (v->nr == 5) {
        CHECK(v->ranges[0].mr == &low && v->ranges[0].start == 0 &&
              v->ranges[0].size == 0x1000);
        CHECK(v->ranges[1].mr == &high && v->ranges[1].start == 0x1000);
        CHECK(v->ranges[2].mr == &low && v->ranges[2].start == 0x2000 &&
              v->ranges[2].size == 0x800 && v->ranges[2].offset_in_mr == 0x2000);
        CHECK(v->ranges[3].mr == &mid2 && v->ranges[3].start == 0x2800 &&
              v->ranges[3].size == 0x1000);
        CHECK(v->ranges[4].mr == &low && v->ranges[4].start == 0x3800 &&
              v->ranges[4].size == 0x800 && v->ranges[4].offset_in_mr == 0x3800);
    }
    CHECK(address_space_lookup(&as, 0x1800, &fr) && fr.mr == &high);
    CHECK(address_space_lookup(&as, 0x3fff, &fr) && fr.mr == &low &&
          fr.offset_in_mr == 0x3800);
    CHECK(!address_space_lookup(&as, 0x4000, &fr));
    CHECK(!address_space_lookup(&as, UINT64_MAX - 1, NULL));
    /* Disabling the winner uncovers what is below. */
    memory_region_set_enabled(&mid2, false);
    CHECK(address_space_lookup(&as, 0x2800, &fr) && fr.mr == &mid1);
    memory_region_set_enabled(&high, false);
    memory_region_set_enabled(&mid1, false);
    v = address_space_get_flatview(&as);
    CHECK_EQ(v->nr, 1);                                  /* merged back into one */
    CHECK(v->ranges[0].mr == &low && v->ranges[0].size == 0x4000);
    address_space_destroy(&as);
    memory_region_destroy(&sys);
    memory_region_destroy(&low);
    memory_region_destroy(&high);
    memory_region_destroy(&mid1);
    memory_region_destroy(&mid2);
}

static void test_containers_and_aliases(void)
{
    MemoryRegion sys, bus, ram, dev_ram, alias, alias2;
    AddressSpace as;
    FlatRange fr;
    uint8_t b = 0;

    memory_region_init_container(&sys, NULL, "system", UINT64_MAX);
    memory_region_init_container(&bus, NULL, "bus", 0x10000);
    memory_region_init_ram(&ram, NULL, "ram", 0x8000, NULL);
    memory_region_init_ram(&dev_ram, NULL, "dev-ram", 0x100, NULL);
    memory_region_add_subregion(&sys, 0x80000000, &ram);
    memory_region_add_subregion(&bus, 0x200, &dev_ram);
    memory_region_add_subregion(&sys, 0x10000000, &bus);
    /* A window onto ram+0x1000, 0x1000 bytes, at 0x20000000. */
    memory_region_init_alias(&alias, NULL, "ram-alias", &ram, 0x1000, 0x1000);
    memory_region_add_subregion(&sys, 0x20000000, &alias);
    /* An alias onto the bus container (clips the device). */
    memory_region_init_alias(&alias2, NULL, "bus-alias", &bus, 0x280, 0x100);
    memory_region_add_subregion(&sys, 0x30000000, &alias2);
    address_space_init(&as, &sys, "memory");

    CHECK(address_space_lookup(&as, 0x10000234, &fr));
    CHECK(fr.mr == &dev_ram && fr.offset_in_mr == 0 && fr.start == 0x10000200 &&
          fr.size == 0x100);
    CHECK(!address_space_lookup(&as, 0x10000100, NULL));   /* hole in the bus */
    CHECK(address_space_lookup(&as, 0x20000010, &fr));
    CHECK(fr.mr == &ram && fr.offset_in_mr == 0x1000 && fr.start == 0x20000000 &&
          fr.size == 0x1000);
    CHECK(!address_space_lookup(&as, 0x20001000, NULL));
    CHECK(address_space_lookup(&as, 0x30000000, &fr));
    CHECK(fr.mr == &dev_ram && fr.offset_in_mr == 0x80 && fr.size == 0x80);
    CHECK(!address_space_lookup(&as, 0x30000080, NULL));

    address_space_stb(&as, 0x20000005, 0xab, NULL);
    CHECK_EQ(ram.ram[0x1005], 0xab);
    CHECK_EQ(address_space_ldub(&as, 0x80001005, NULL), 0xab);
    address_space_stb(&as, 0x30000001, 0x77, NULL);
    CHECK_EQ(dev_ram.ram[0x81], 0x77);

    /* Moving the bus moves its device. */
    memory_region_set_address(&bus, 0x40000000);
    CHECK(address_space_lookup(&as, 0x40000281, &fr) && fr.mr == &dev_ram);
    CHECK(!address_space_lookup(&as, 0x10000281, NULL));
    CHECK_EQ(address_space_ldub(&as, 0x40000281, NULL), 0x77);
    /* Alias of a container still works after the move (offsets are relative). */
    CHECK(address_space_lookup(&as, 0x30000001, &fr) && fr.mr == &dev_ram);
    memory_region_del_subregion(&sys, &alias);
    CHECK(!address_space_lookup(&as, 0x20000000, NULL));
    (void)b;
    address_space_destroy(&as);
    memory_region_destroy(&alias2);
    memory_region_destroy(&alias);
    memory_region_destroy(&dev_ram);
    memory_region_destroy(&bus);
    memory_region_destroy(&ram);
    memory_region_destroy(&sys);
}

static TestDev td;

static void setup_dev(MemoryRegion *sys, MemoryRegion *io, AddressSpace *as,
                      const MemoryOps *ops)
{
    td_fill(&td);
    td.big_endian = ops->big_endian;
    memory_region_init_container(sys, NULL, "system", UINT64_MAX);
    memory_region_init_io(io, NULL, ops, &td, "testdev", 0x40);
    memory_region_add_subregion(sys, 0x1000, io);
    address_space_init(as, sys, "memory");
}

static void teardown_dev(MemoryRegion *sys, MemoryRegion *io, AddressSpace *as)
{
    address_space_destroy(as);
    memory_region_destroy(io);
    memory_region_destroy(sys);
}

static void test_io_exact_and_split(void)
{
    static const MemoryOps ops = {
        .read = td_read, .write = td_write, .min_access_size = 1, .max_access_size = 4,
    };
    MemoryRegion sys, io;
    AddressSpace as;
    uint8_t buf[16];

    setup_dev(&sys, &io, &as, &ops);
    CHECK_EQ(address_space_ldl_le(&as, 0x1004, NULL), 0x17161514);
    CHECK_EQ(td.n, 1);
    CHECK_ACCESS(&td, 0, 'r', 4, 0x17161514, 4);
    /* 8 bytes to a max-4 device: two accesses, low half first. */
    td.n = 0;
    CHECK_EQ(address_space_ldq_le(&as, 0x1008, NULL), 0x1f1e1d1c1b1a1918ull);
    CHECK_EQ(td.n, 2);
    CHECK_ACCESS(&td, 0, 'r', 8, 0x1b1a1918, 4);
    CHECK_ACCESS(&td, 1, 'r', 12, 0x1f1e1d1c, 4);
    td.n = 0;
    address_space_stq_le(&as, 0x1010, 0x8877665544332211ull, NULL);
    CHECK_EQ(td.n, 2);
    CHECK_ACCESS(&td, 0, 'w', 0x10, 0x44332211, 4);
    CHECK_ACCESS(&td, 1, 'w', 0x14, 0x88776655, 4);
    /* Unaligned 4-byte read at 1: pieces 1 (byte), 2 (half). */
    td.n = 0;
    CHECK_EQ(memory_region_dispatch_read(&io, 1, &(uint64_t){0}, 4), MEMTX_OK);
    CHECK_EQ(td.n, 3);
    CHECK_ACCESS(&td, 0, 'r', 1, 0x11, 1);
    CHECK_ACCESS(&td, 1, 'r', 2, 0x1312, 2);
    CHECK_ACCESS(&td, 2, 'r', 4, 0x14, 1);
    {
        uint64_t v;
        memory_region_dispatch_read(&io, 1, &v, 4);
        CHECK_EQ(v, 0x14131211);
    }
    /* A 7-byte buffer read through address_space_read: 4 + 2 + 1. */
    td.n = 0;
    memset(buf, 0, sizeof(buf));
    CHECK_EQ(address_space_read(&as, 0x1020, buf, 7), MEMTX_OK);
    CHECK_EQ(td.n, 3);
    CHECK_ACCESS(&td, 0, 'r', 0x20, 0x33323130, 4);
    CHECK_ACCESS(&td, 1, 'r', 0x24, 0x3534, 2);
    CHECK_ACCESS(&td, 2, 'r', 0x26, 0x36, 1);
    CHECK_EQ(buf[6], 0x36);
    CHECK_EQ(buf[7], 0);
    teardown_dev(&sys, &io, &as);
}

static void test_io_widen(void)
{
    static const MemoryOps ops = {
        .read = td_read, .write = td_write, .min_access_size = 4, .max_access_size = 4,
    };
    MemoryRegion sys, io;
    AddressSpace as;

    setup_dev(&sys, &io, &as, &ops);
    /* Byte read at 6: one 4-byte read at 4, byte 2 of it. */
    CHECK_EQ(address_space_ldub(&as, 0x1006, NULL), 0x16);
    CHECK_EQ(td.n, 1);
    CHECK_ACCESS(&td, 0, 'r', 4, 0x17161514, 4);
    /* Byte write at 5: read-modify-write of the word at 4. */
    td.n = 0;
    address_space_stb(&as, 0x1005, 0xaa, NULL);
    CHECK_EQ(td.n, 2);
    CHECK_ACCESS(&td, 0, 'r', 4, 0x17161514, 4);
    CHECK_ACCESS(&td, 1, 'w', 4, 0x1716aa14, 4);
    /* Half write at 3 straddling two words: two RMW cycles. */
    td.n = 0;
    CHECK_EQ(memory_region_dispatch_write(&io, 3, 0xbbcc, 2), MEMTX_OK);
    CHECK_EQ(td.n, 4);
    CHECK_ACCESS(&td, 0, 'r', 0, 0x13121110, 4);
    CHECK_ACCESS(&td, 1, 'w', 0, 0xcc121110, 4);
    CHECK_ACCESS(&td, 2, 'r', 4, 0x1716aa14, 4);
    CHECK_ACCESS(&td, 3, 'w', 4, 0x1716aabb, 4);
    /* Full-word write: no read. */
    td.n = 0;
    address_space_stl_le(&as, 0x1008, 0x01020304, NULL);
    CHECK_EQ(td.n, 1);
    CHECK_ACCESS(&td, 0, 'w', 8, 0x01020304, 4);
    teardown_dev(&sys, &io, &as);
}

static void test_io_unaligned_ok(void)
{
    static const MemoryOps ops = {
        .read = td_read, .write = td_write, .min_access_size = 1, .max_access_size = 8,
        .unaligned = true,
    };
    MemoryRegion sys, io;
    AddressSpace as;
    uint64_t v;

    setup_dev(&sys, &io, &as, &ops);
    CHECK_EQ(memory_region_dispatch_read(&io, 3, &v, 8), MEMTX_OK);
    CHECK_EQ(td.n, 1);
    CHECK_ACCESS(&td, 0, 'r', 3, 0x1a19181716151413ull, 8);
    CHECK_EQ(v, 0x1a19181716151413ull);
    teardown_dev(&sys, &io, &as);
}

static void test_io_big_endian(void)
{
    static const MemoryOps ops = {
        .read = td_read, .write = td_write, .min_access_size = 1, .max_access_size = 4,
        .big_endian = true,
    };
    MemoryRegion sys, io;
    AddressSpace as;
    uint8_t buf[8];

    setup_dev(&sys, &io, &as, &ops);
    /* The device sees 0x10111213 (MSB first at offset 0); the LE bus sees the
       bytes in address order: 0x13121110. */
    CHECK_EQ(address_space_ldl_le(&as, 0x1000, NULL), 0x13121110);
    CHECK_ACCESS(&td, 0, 'r', 0, 0x10111213, 4);
    td.n = 0;
    address_space_stl_le(&as, 0x1004, 0x44332211, NULL);
    CHECK_ACCESS(&td, 0, 'w', 4, 0x11223344, 4);
    CHECK_EQ(td.regs[4], 0x11);
    CHECK_EQ(td.regs[7], 0x44);
    /* Bytes read back in address order whatever the split. */
    CHECK_EQ(address_space_read(&as, 0x1004, buf, 8), MEMTX_OK);
    CHECK_EQ(buf[0], 0x11);
    CHECK_EQ(buf[3], 0x44);
    CHECK_EQ(buf[4], 0x18);
    td.n = 0;
    CHECK_EQ(address_space_ldq_le(&as, 0x1000, NULL), 0x4433221113121110ull);
    CHECK_EQ(td.n, 2);
    CHECK_ACCESS(&td, 1, 'r', 4, 0x11223344, 4);
    teardown_dev(&sys, &io, &as);
}

static MemTxResult tx_read(void *opaque, hwaddr off, uint64_t *val, unsigned size)
{
    *val = 0x55;
    return off == 8 ? MEMTX_ERROR : MEMTX_OK;
}

static MemTxResult tx_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    return off == 8 ? MEMTX_ERROR : MEMTX_OK;
}

static void test_io_tx_errors(void)
{
    static const MemoryOps ops = {
        .read_tx = tx_read, .write_tx = tx_write, .min_access_size = 4,
        .max_access_size = 4,
    };
    MemoryRegion sys, io;
    AddressSpace as;
    MemTxResult r;

    setup_dev(&sys, &io, &as, &ops);
    CHECK_EQ(address_space_ldl_le(&as, 0x1004, &r), 0x55);
    CHECK_EQ(r, MEMTX_OK);
    address_space_ldl_le(&as, 0x1008, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    address_space_stl_le(&as, 0x1008, 1, &r);
    CHECK_EQ(r, MEMTX_ERROR);
    address_space_stq_le(&as, 0x1004, 1, &r);            /* second half fails */
    CHECK_EQ(r, MEMTX_ERROR);
    teardown_dev(&sys, &io, &as);
}

static char *read_file_all(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

    buf[n] = '\0';
    if (f) {
        fclose(f);
    }
    return buf;
}

static void test_unassigned_and_rom(void)
{
    MemoryRegion sys, rom, ram;
    AddressSpace as;
    uint8_t buf[0x20];
    char path[] = "/tmp/vireo-test-mem-XXXXXX";
    int fd = mkstemp(path);
    MemTxResult r;
    char *log;

    close(fd);
    CHECK(log_set_file(path, NULL));
    log_mask = LOG_GUEST_ERROR;
    memory_region_init_container(&sys, NULL, "system", UINT64_MAX);
    memory_region_init_rom(&rom, NULL, "rom", 0x1000, NULL);
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_add_subregion(&sys, 0x1000, &rom);
    memory_region_add_subregion(&sys, 0x3000, &ram);
    address_space_init(&as, &sys, "memory");

    CHECK_EQ(address_space_ldl_le(&as, 0x10, &r), 0);
    CHECK_EQ(r, MEMTX_DECODE_ERROR);
    address_space_stl_le(&as, 0x10, 5, &r);
    CHECK_EQ(r, MEMTX_DECODE_ERROR);
    /* A read straddling RAM and a hole: RAM bytes, then zeros, then error. */
    ram.ram[0xff0] = 0x99;
    memset(buf, 0xee, sizeof(buf));
    CHECK_EQ(address_space_read(&as, 0x3ff0, buf, 0x20), MEMTX_DECODE_ERROR);
    CHECK_EQ(buf[0], 0x99);
    CHECK_EQ(buf[0x10], 0);
    CHECK_EQ(buf[0x1f], 0);
    /* A hole between two regions: only the gap is unassigned. */
    memset(buf, 0xee, sizeof(buf));
    CHECK_EQ(address_space_read(&as, 0x1ff8, buf, 0x10), MEMTX_DECODE_ERROR);

    CHECK_EQ(address_space_write(&as, 0x1000, "abcd", 4), MEMTX_OK);   /* dropped */
    CHECK_EQ(rom.ram[0], 0);
    CHECK_EQ(memory_region_dispatch_write(&rom, 1, 7, 1), MEMTX_OK);
    CHECK_EQ(rom.ram[1], 0);
    CHECK_EQ(address_space_write_rom(&as, 0x1000, "abcd", 4), MEMTX_OK);
    CHECK_EQ(rom.ram[0], 'a');
    CHECK_EQ(address_space_ldl_le(&as, 0x1000, NULL), 0x64636261);
    CHECK_EQ(address_space_write_rom(&as, 0x3000, "xy", 2), MEMTX_OK);  /* RAM too */
    CHECK_EQ(ram.ram[1], 'y');

    log_flush();
    log = read_file_all(path);
    CHECK(strstr(log, "memory: unassigned access at 0x10 (read, 4 bytes)") != NULL);
    CHECK(strstr(log, "memory: unassigned access at 0x10 (write, 4 bytes)") != NULL);
    CHECK(strstr(log, "unassigned access at 0x4000 (read, 16 bytes)") != NULL);
    CHECK(strstr(log, "unassigned access at 0x2000 (read, 8 bytes)") != NULL);
    CHECK(strstr(log, "write to ROM 'rom' at 0x1000") != NULL);
    CHECK(strstr(log, "write to ROM 'rom' at offset 0x1") != NULL);
    log_mask = 0;
    unlink(path);
    address_space_destroy(&as);
    memory_region_destroy(&rom);
    memory_region_destroy(&ram);
    memory_region_destroy(&sys);
}

static int listener_calls;
static AddressSpace *listener_as;

static void listener(void *opaque, AddressSpace *as)
{
    listener_calls++;
    listener_as = as;
}

static void test_lazy_rebuild_and_listener(void)
{
    MemoryRegion sys, other, ram, ram2;
    AddressSpace as;
    uint64_t n0;

    memory_region_init_container(&sys, NULL, "system", UINT64_MAX);
    memory_region_init_container(&other, NULL, "other", UINT64_MAX);
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_init_ram(&ram2, NULL, "ram2", 0x1000, NULL);
    memory_region_add_subregion(&sys, 0x1000, &ram);
    address_space_init(&as, &sys, "memory");
    address_space_set_listener(&as, listener, NULL);

    n0 = memory_flatview_rebuild_count();
    for (int i = 0; i < 100; i++) {
        address_space_ldub(&as, 0x1000 + i, NULL);
        address_space_lookup(&as, 0x1000, NULL);
    }
    CHECK_EQ(memory_flatview_rebuild_count() - n0, 1);
    /* No-op changes do not bump the generation. */
    memory_region_set_enabled(&ram, true);
    memory_region_set_address(&ram, 0x1000);
    address_space_ldub(&as, 0x1000, NULL);
    CHECK_EQ(memory_flatview_rebuild_count() - n0, 1);
    CHECK_EQ(listener_calls, 0);
    /* Several changes, one rebuild at the next access. */
    memory_region_add_subregion(&sys, 0x5000, &ram2);
    CHECK_EQ(listener_calls, 1);
    CHECK(listener_as == &as);
    memory_region_set_address(&ram2, 0x6000);
    memory_region_set_enabled(&ram2, false);
    memory_region_set_enabled(&ram2, true);
    CHECK_EQ(listener_calls, 4);
    CHECK_EQ(memory_flatview_rebuild_count() - n0, 1);
    CHECK(address_space_lookup(&as, 0x6000, NULL));
    CHECK(address_space_lookup(&as, 0x6000, NULL));
    CHECK_EQ(memory_flatview_rebuild_count() - n0, 2);
    /* A change in an unrelated tree does not call this listener. */
    memory_region_del_subregion(&sys, &ram2);
    CHECK_EQ(listener_calls, 5);
    memory_region_add_subregion(&other, 0, &ram2);
    CHECK_EQ(listener_calls, 5);
    /* ...unless that tree becomes visible through an alias. */
    {
        MemoryRegion alias;
        memory_region_init_alias(&alias, NULL, "win", &other, 0, 0x1000);
        memory_region_add_subregion(&sys, 0x8000, &alias);
        CHECK_EQ(listener_calls, 6);
        memory_region_set_address(&ram2, 0x800);
        CHECK_EQ(listener_calls, 7);
        memory_region_destroy(&alias);
        CHECK_EQ(listener_calls, 8);
    }
    address_space_destroy(&as);
    memory_region_destroy(&ram2);
    memory_region_destroy(&ram);
    memory_region_destroy(&other);
    memory_region_destroy(&sys);
}

static int hook_calls;
static hwaddr hook_addr, hook_len;
static uint8_t hook_saw_byte;
static MemoryRegion *hook_ram;

static void code_hook(void *opaque, hwaddr addr, hwaddr len)
{
    hook_calls++;
    hook_addr = addr;
    hook_len = len;
    hook_saw_byte = hook_ram->ram[0x1004];      /* still the old byte? */
}

static void test_code_write_hook(void)
{
    MemoryRegion sys, ram;
    AddressSpace as;

    memory_region_init_container(&sys, NULL, "system", UINT64_MAX);
    memory_region_init_ram(&ram, NULL, "ram", 0x4000, NULL);
    memory_region_add_subregion(&sys, 0x80000000, &ram);
    address_space_init(&as, &sys, "memory");
    hook_ram = &ram;
    memory_set_code_write_hook(code_hook, NULL);

    address_space_stl_le(&as, 0x80001004, 1, NULL);          /* not code yet */
    CHECK_EQ(hook_calls, 0);
    CHECK(!memory_region_is_code(&ram, 0x1000));
    memory_region_mark_code(&ram, 0x1000);
    CHECK(memory_region_is_code(&ram, 0x1fff));
    CHECK(!memory_region_is_code(&ram, 0x2000));
    address_space_stl_le(&as, 0x80001004, 2, NULL);
    CHECK_EQ(hook_calls, 1);
    CHECK_EQ(hook_addr, 0x80001004);
    CHECK_EQ(hook_len, 4);
    CHECK_EQ(hook_saw_byte, 1);                                 /* before the store */
    CHECK_EQ(ram.ram[0x1004], 2);
    /* A write that only ends on the code page. */
    {
        uint8_t buf[0x10] = { 0 };
        address_space_write(&as, 0x80000ff8, buf, sizeof(buf));
        CHECK_EQ(hook_calls, 2);
        CHECK_EQ(hook_addr, 0x80000ff8);
        CHECK_EQ(hook_len, 0x10);
    }
    address_space_ldl_le(&as, 0x80001004, NULL);                /* reads: no */
    address_space_stl_le(&as, 0x80002000, 2, NULL);             /* other page */
    CHECK_EQ(hook_calls, 2);
    memory_notify_code_write(&ram, 0x1ffc, 0x80001ffc, 8);
    CHECK_EQ(hook_calls, 3);
    memory_region_clear_code(&ram, 0x1000);
    address_space_stl_le(&as, 0x80001004, 3, NULL);
    CHECK_EQ(hook_calls, 3);
    memory_set_code_write_hook(NULL, NULL);
    address_space_destroy(&as);
    memory_region_destroy(&ram);
    memory_region_destroy(&sys);
}

static uint64_t td_read_any(void *opaque, hwaddr off, unsigned size) { return 0; }
static const MemoryOps null_ops = { .read = td_read_any };

static void test_print(void)
{
    MemoryRegion sys, rom, ram, io, alias;
    AddressSpace as;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    memory_region_init_container(&sys, NULL, "system", UINT64_MAX);
    memory_region_init_rom(&rom, NULL, "mrom", 0xf000, NULL);
    memory_region_init_ram(&ram, NULL, "ram", 0x40000000, NULL);
    memory_region_init_io(&io, NULL, &null_ops, NULL, "uart", 0x100);
    memory_region_init_alias(&alias, NULL, "ram-lo", &ram, 0x1000, 0x1000);
    memory_region_add_subregion(&sys, 0x1000, &rom);
    memory_region_add_subregion(&sys, 0x80000000, &ram);
    memory_region_add_subregion(&sys, 0x10000000, &io);
    memory_region_add_subregion_overlap(&sys, 0x80000000, &alias, 1);
    memory_region_set_enabled(&io, false);
    address_space_init(&as, &sys, "memory");
    f = open_memstream(&buf, &len);
    memory_region_print_tree(&sys, f);
    address_space_print_flatview(&as, f);
    fclose(f);
    CHECK_STREQ(buf,
        "  0000000000000000-fffffffffffffffe (prio 0, container): system\n"
        "    0000000080000000-0000000080000fff (prio 1, ram): alias ram-lo @ram "
        "0000000000001000-0000000000001fff\n"
        "    0000000010000000-00000000100000ff (prio 0, i/o): uart [disabled]\n"
        "    0000000080000000-00000000bfffffff (prio 0, ram): ram\n"
        "    0000000000001000-000000000000ffff (prio 0, rom): mrom\n"
        "FlatView of address-space: memory\n"
        " Root memory region: system\n"
        "  0000000000001000-000000000000ffff (prio 0, rom): mrom\n"
        "  0000000080000000-0000000080000fff (prio 0, ram): ram @0000000000001000\n"
        "  0000000080001000-00000000bfffffff (prio 0, ram): ram @0000000000001000\n");
    free(buf);
    address_space_destroy(&as);
    memory_region_destroy(&alias);
    memory_region_destroy(&io);
    memory_region_destroy(&ram);
    memory_region_destroy(&rom);
    memory_region_destroy(&sys);
}

static void test_ram_ptr(void)
{
    MemoryRegion sys, ram, rom, io;
    AddressSpace as;
    hwaddr len;
    uint8_t *p;

    memory_region_init_container(&sys, NULL, "system", UINT64_MAX);
    memory_region_init_ram(&ram, NULL, "ram", 0x2000, NULL);
    memory_region_init_rom(&rom, NULL, "rom", 0x1000, NULL);
    memory_region_init_io(&io, NULL, &null_ops, NULL, "io", 0x100);
    memory_region_add_subregion(&sys, 0x10000, &ram);
    memory_region_add_subregion(&sys, 0x12000, &rom);
    memory_region_add_subregion(&sys, 0x20000, &io);
    address_space_init(&as, &sys, "memory");

    len = 0x100;
    p = address_space_ram_ptr(&as, 0x10010, &len, false);
    CHECK(p == ram.ram + 0x10);
    CHECK_EQ(len, 0x100);
    len = 0x10000;                                        /* clipped at the end */
    p = address_space_ram_ptr(&as, 0x11ff0, &len, true);
    CHECK(p == ram.ram + 0x1ff0);
    CHECK_EQ(len, 0x10);
    len = 4;
    CHECK(address_space_ram_ptr(&as, 0x12000, &len, false) == rom.ram);
    CHECK(address_space_ram_ptr(&as, 0x12000, &len, true) == NULL);   /* ROM */
    CHECK(address_space_ram_ptr(&as, 0x20000, &len, false) == NULL);  /* I/O */
    CHECK(address_space_ram_ptr(&as, 0x30000, &len, false) == NULL);  /* hole */
    len = 0;
    CHECK(address_space_ram_ptr(&as, 0x10000, &len, false) == NULL);
    /* Writes through the pointer invalidate code first. */
    hook_calls = 0;
    hook_ram = &ram;
    memory_set_code_write_hook(code_hook, NULL);
    memory_region_mark_code(&ram, 0x1000);
    len = 8;
    CHECK(address_space_ram_ptr(&as, 0x11000, &len, false) != NULL);
    CHECK_EQ(hook_calls, 0);
    CHECK(address_space_ram_ptr(&as, 0x11000, &len, true) != NULL);
    CHECK_EQ(hook_calls, 1);
    CHECK_EQ(hook_addr, 0x11000);
    CHECK_EQ(hook_len, 8);
    memory_set_code_write_hook(NULL, NULL);
    address_space_destroy(&as);
    memory_region_destroy(&io);
    memory_region_destroy(&rom);
    memory_region_destroy(&ram);
    memory_region_destroy(&sys);
}

static void test_dispatch_resolves(void)
{
    static const MemoryOps ops = {
        .read = td_read, .write = td_write, .min_access_size = 1, .max_access_size = 8,
    };
    MemoryRegion top, inner, io, ram, alias;
    uint64_t v = 0;

    td_fill(&td);
    memory_region_init_container(&top, NULL, "top", 0x10000);
    memory_region_init_container(&inner, NULL, "inner", 0x1000);
    memory_region_init_io(&io, NULL, &ops, &td, "dev", 0x40);
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_add_subregion(&inner, 0x100, &io);
    memory_region_add_subregion(&top, 0x2000, &inner);
    memory_region_add_subregion(&top, 0x4000, &ram);
    memory_region_init_alias(&alias, NULL, "alias", &top, 0x2100, 0x40);

    CHECK_EQ(memory_region_dispatch_read(&top, 0x2104, &v, 4), MEMTX_OK);
    CHECK_EQ(v, 0x17161514);
    CHECK_EQ(memory_region_dispatch_read(&alias, 0x8, &v, 2), MEMTX_OK);
    CHECK_EQ(v, 0x1918);
    CHECK_EQ(memory_region_dispatch_write(&top, 0x4010, 0x1122334455667788ull, 8), MEMTX_OK);
    CHECK_EQ(ram.ram[0x10], 0x88);
    CHECK_EQ(memory_region_dispatch_read(&ram, 0x10, &v, 8), MEMTX_OK);
    CHECK_EQ(v, 0x1122334455667788ull);
    v = 5;
    CHECK_EQ(memory_region_dispatch_read(&top, 0x3000, &v, 4), MEMTX_DECODE_ERROR);
    CHECK_EQ(v, 0);
    CHECK_EQ(memory_region_dispatch_read(&ram, 0xffc, &v, 8), MEMTX_DECODE_ERROR);
    /* Disabled regions are not dispatched to. */
    memory_region_set_enabled(&inner, false);
    CHECK_EQ(memory_region_dispatch_read(&top, 0x2104, &v, 4), MEMTX_DECODE_ERROR);
    /* Destroying a mapped region unmaps it. */
    memory_region_destroy(&ram);
    CHECK_EQ(top.nr_subregions, 1);
    CHECK_EQ(memory_region_dispatch_read(&top, 0x4010, &v, 4), MEMTX_DECODE_ERROR);
    memory_region_destroy(&alias);
    memory_region_destroy(&io);
    memory_region_destroy(&inner);
    memory_region_destroy(&top);
}

static void test_mixed_write(void)
{
    static const MemoryOps ops = {
        .read = td_read, .write = td_write, .min_access_size = 4, .max_access_size = 4,
    };
    MemoryRegion sys, io, ram;
    AddressSpace as;
    uint8_t buf[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

    setup_dev(&sys, &io, &as, &ops);                 /* io at 0x1000..0x103f */
    memory_region_init_ram(&ram, NULL, "ram", 0x1000, NULL);
    memory_region_add_subregion(&sys, 0x1040, &ram);
    CHECK_EQ(address_space_write(&as, 0x1038, buf, 12), MEMTX_OK);
    CHECK_EQ(td.n, 2);
    CHECK_ACCESS(&td, 0, 'w', 0x38, 0x04030201, 4);
    CHECK_ACCESS(&td, 1, 'w', 0x3c, 0x08070605, 4);
    CHECK_EQ(ram.ram[0], 9);
    CHECK_EQ(ram.ram[3], 12);
    /* The full 64-bit space: the last mappable byte works. */
    {
        MemoryRegion top;
        memory_region_init_ram(&top, NULL, "top", 0x1000, NULL);
        memory_region_add_subregion(&sys, 0xfffffffffffff000ull, &top);
        address_space_stb(&as, 0xfffffffffffffffeull, 0x42, NULL);
        CHECK_EQ(top.ram[0xffe], 0x42);
        memory_region_destroy(&top);
    }
    memory_region_destroy(&ram);
    teardown_dev(&sys, &io, &as);
}

static void test_overlap_warning(void)
{
    MemoryRegion sys, a, b, c;
    char path[] = "/tmp/vireo-test-warn-XXXXXX";
    int fd = mkstemp(path), saved = dup(2);
    char buf[512] = "";
    ssize_t n;

    memory_region_init_container(&sys, NULL, "system", 0x10000);
    memory_region_init_ram(&a, NULL, "a", 0x1000, NULL);
    memory_region_init_ram(&b, NULL, "b", 0x1000, NULL);
    memory_region_init_ram(&c, NULL, "c", 0x1000, NULL);
    fflush(stderr);
    dup2(fd, 2);
    memory_region_add_subregion(&sys, 0x1000, &a);
    memory_region_add_subregion(&sys, 0x1800, &b);                  /* overlaps a */
    memory_region_add_subregion_overlap(&sys, 0x1800, &c, 0);       /* allowed */
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    n = pread(fd, buf, sizeof(buf) - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    CHECK(strstr(buf, "warning: memory: region 'b' at 0x1800 overlaps 'a' at 0x1000 "
                      "in 'system'") != NULL);
    CHECK(strstr(buf, "'c'") == NULL);
    memory_region_destroy(&a);
    memory_region_destroy(&b);
    memory_region_destroy(&c);
    memory_region_destroy(&sys);
}

int main(void)
{
    RUN_TEST(test_ram_rw_and_split);
    RUN_TEST(test_big_ram_is_lazy);
    RUN_TEST(test_priority_overlap);
    RUN_TEST(test_containers_and_aliases);
    RUN_TEST(test_io_exact_and_split);
    RUN_TEST(test_io_widen);
    RUN_TEST(test_io_unaligned_ok);
    RUN_TEST(test_io_big_endian);
    RUN_TEST(test_io_tx_errors);
    RUN_TEST(test_unassigned_and_rom);
    RUN_TEST(test_lazy_rebuild_and_listener);
    RUN_TEST(test_code_write_hook);
    RUN_TEST(test_print);
    RUN_TEST(test_ram_ptr);
    RUN_TEST(test_dispatch_resolves);
    RUN_TEST(test_mixed_write);
    RUN_TEST(test_overlap_warning);
    HARNESS_EXIT();
}
