/*
 * Loaders (ELF64, raw, Linux Image, blobs, symbols) and the RISC-V boot
 * placement, on a small address space: ROM at 0x1000, RAM at 0x80000000.
 */
#include "hw/core/loader.h"
#include "hw/core/fdt.h"
#include "hw/riscv/boot.h"
#include "memory/memory.h"
#include "util/error.h"
#include "tests/unit/harness.h"

#include <libfdt.h>
#include <unistd.h>

#define ROM_BASE 0x1000
#define ROM_SIZE 0xf000
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (16 * MiB)

static MemoryRegion sysmem, ram, rom;
static AddressSpace as;

static void setup(void)
{
    memory_region_init_container(&sysmem, NULL, "system", UINT64_MAX);
    memory_region_init_ram(&ram, NULL, "ram", RAM_SIZE, NULL);
    memory_region_init_rom(&rom, NULL, "rom", ROM_SIZE, NULL);
    memory_region_add_subregion(&sysmem, RAM_BASE, &ram);
    memory_region_add_subregion(&sysmem, ROM_BASE, &rom);
    address_space_init(&as, &sysmem, "memory");
}

static void fill_ram(uint8_t v)
{
    memset(memory_region_get_ram_ptr(&ram), v, RAM_SIZE);
}

static uint8_t *ram_at(hwaddr a)
{
    return memory_region_get_ram_ptr(&ram) + (a - RAM_BASE);
}

static void put16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static void put64(uint8_t *p, uint64_t v) { put32(p, v); put32(p + 4, v >> 32); }

/*
 * A test ELF: two PT_LOADs (RAM with BSS, and ROM), then .symtab/.strtab
 * with symbols "func" (sized) and "label" (unsized).
 */
enum { E_PHOFF = 64, E_SEG0 = 0x100, E_SEG1 = 0x140, E_STR = 0x180, E_SYM = 0x1c0,
       E_SHOFF = 0x280, E_SIZE = E_SHOFF + 4 * 64 };

static size_t build_elf(uint8_t *b)
{
    memset(b, 0, E_SIZE);
    memcpy(b, "\177ELF", 4);
    b[4] = 2; b[5] = 1; b[6] = 1;
    put16(b + 0x10, 2);                 /* ET_EXEC */
    put16(b + 0x12, 243);               /* EM_RISCV */
    put32(b + 0x14, 1);
    put64(b + 0x18, RAM_BASE + 0x10);   /* entry */
    put64(b + 0x20, E_PHOFF);
    put64(b + 0x28, E_SHOFF);
    put16(b + 0x34, 64);
    put16(b + 0x36, 56);
    put16(b + 0x38, 2);
    put16(b + 0x3a, 64);
    put16(b + 0x3c, 4);

    uint8_t *ph = b + E_PHOFF;          /* RAM: 0x40 bytes of data, 0x1000 in memory */
    put32(ph, 1);
    put64(ph + 0x08, E_SEG0);
    put64(ph + 0x10, RAM_BASE);
    put64(ph + 0x18, RAM_BASE);
    put64(ph + 0x20, 0x40);
    put64(ph + 0x28, 0x1000);
    ph += 56;                           /* ROM: 0x40 bytes at 0x2000 */
    put32(ph, 1);
    put64(ph + 0x08, E_SEG1);
    put64(ph + 0x10, 0x2000);
    put64(ph + 0x18, 0x2000);
    put64(ph + 0x20, 0x40);
    put64(ph + 0x28, 0x40);
    for (int i = 0; i < 0x40; i++) {
        b[E_SEG0 + i] = 0xa0 + i;
        b[E_SEG1 + i] = 0x50 + i;
    }

    static const char strtab[] = "\0func\0label\0$x\0";
    memcpy(b + E_STR, strtab, sizeof(strtab));
    uint8_t *sym = b + E_SYM + 24;      /* symbol 0 is the null symbol */
    put32(sym, 1);                      /* "func": FUNC, 0x20 bytes at +0x10 */
    sym[4] = 0x12;
    put16(sym + 6, 1);
    put64(sym + 8, RAM_BASE + 0x10);
    put64(sym + 16, 0x20);
    sym += 24;
    put32(sym, 6);                      /* "label": NOTYPE, unsized, at +0x100 */
    sym[4] = 0x10;
    put16(sym + 6, 1);
    put64(sym + 8, RAM_BASE + 0x100);
    sym += 24;
    put32(sym, 12);                     /* "$x": mapping symbol, skipped */
    put16(sym + 6, 1);
    put64(sym + 8, RAM_BASE + 0x200);

    uint8_t *sh = b + E_SHOFF + 64;     /* section 1: .strtab; 2: .symtab */
    put32(sh + 4, 3);
    put64(sh + 0x18, E_STR);
    put64(sh + 0x20, sizeof(strtab));
    sh += 64;
    put32(sh + 4, 2);
    put64(sh + 0x18, E_SYM);
    put64(sh + 0x20, 4 * 24);
    put32(sh + 0x28, 1);
    put64(sh + 0x38, 24);
    return E_SIZE;
}

static bool load(const uint8_t *b, size_t len, LoaderElfInfo *info, char **msg)
{
    Error *err = NULL;
    bool ok = loader_load_elf_buf("kernel", "t.elf", b, len, &as, info, &err);

    if (msg) {
        *msg = err ? xstrdup(error_get_pretty(err)) : NULL;
    }
    if (err) {
        error_free(err);
    }
    return ok;
}

static void test_elf_load(void)
{
    uint8_t b[E_SIZE];
    LoaderElfInfo info;
    uint8_t romv[0x40];

    loader_clear();
    fill_ram(0xff);
    size_t len = build_elf(b);
    CHECK(load(b, len, &info, NULL));
    CHECK_EQ(info.entry, RAM_BASE + 0x10);
    CHECK_EQ(info.low, 0x2000);
    CHECK_EQ(info.high, RAM_BASE + 0x1000);
    CHECK_EQ(*ram_at(RAM_BASE), 0xa0);
    CHECK_EQ(*ram_at(RAM_BASE + 0x3f), 0xa0 + 0x3f);
    CHECK_EQ(*ram_at(RAM_BASE + 0x40), 0);          /* BSS zeroed */
    CHECK_EQ(*ram_at(RAM_BASE + 0xfff), 0);
    CHECK_EQ(*ram_at(RAM_BASE + 0x1000), 0xff);     /* and no further */
    address_space_read(&as, 0x2000, romv, sizeof(romv));
    CHECK_EQ(romv[0], 0x50);                        /* ROM written by the loader */
    CHECK_EQ(romv[0x3f], 0x50 + 0x3f);
}

static void test_elf_symbols(void)
{
    uint8_t b[E_SIZE];
    uint64_t off = 99;

    loader_clear();
    CHECK(load(b, build_elf(b), NULL, NULL));
    CHECK_STREQ(loader_symbol_lookup(RAM_BASE + 0x10, &off), "func");
    CHECK_EQ(off, 0);
    CHECK_STREQ(loader_symbol_lookup(RAM_BASE + 0x2f, &off), "func");
    CHECK_EQ(off, 0x1f);
    CHECK(loader_symbol_lookup(RAM_BASE + 0x30, &off) == NULL);   /* past its size */
    CHECK_STREQ(loader_symbol_lookup(RAM_BASE + 0x180, &off), "label");
    CHECK_EQ(off, 0x80);
    CHECK_STREQ(loader_symbol_lookup(RAM_BASE + 0x1000, &off), "label");  /* no "$x" */
    CHECK(loader_symbol_lookup(RAM_BASE, &off) == NULL);
    loader_clear();
    CHECK(loader_symbol_lookup(RAM_BASE + 0x10, &off) == NULL);
}

/* A malformed symbol table is ignored, the image still loads. */
static void test_elf_bad_symtab(void)
{
    uint8_t b[E_SIZE];
    uint64_t off;

    loader_clear();
    build_elf(b);
    put32(b + E_SHOFF + 128 + 0x28, 77);            /* .symtab links a missing section */
    CHECK(load(b, E_SIZE, NULL, NULL));
    CHECK(loader_symbol_lookup(RAM_BASE + 0x10, &off) == NULL);
    build_elf(b);
    put64(b + E_SHOFF + 64 + 0x20, 0x10000);        /* .strtab past the end */
    CHECK(load(b, E_SIZE, NULL, NULL));
    CHECK(loader_symbol_lookup(RAM_BASE + 0x10, &off) == NULL);
    build_elf(b);
    put32(b + E_SYM + 24, 0x7fffffff);              /* name offset out of the table */
    CHECK(load(b, E_SIZE, NULL, NULL));
    CHECK(loader_symbol_lookup(RAM_BASE + 0x10, &off) == NULL);
    CHECK_STREQ(loader_symbol_lookup(RAM_BASE + 0x100, &off), "label");
    loader_clear();
}

/* Every proper prefix of the file is rejected with a message. */
static void test_elf_truncated(void)
{
    uint8_t b[E_SIZE];
    size_t len = build_elf(b);
    char *msg;

    /* Segment data ends at E_SEG1 + 0x40; the section headers come after and
       are optional, so prefixes that keep all segments load. */
    for (size_t n = 0; n < E_SEG1 + 0x40; n++) {
        bool ok = load(b, n, NULL, &msg);
        CHECK(!ok);
        if (!ok && (!msg || strncmp(msg, "could not load kernel 't.elf': ", 31))) {
            printf("  length %zu: bad message '%s'\n", n, msg ? msg : "(none)");
            harness_failed_now = 1;
        }
        free(msg);
        if (harness_failed_now) {
            break;
        }
    }
    CHECK(!load(b, 20, NULL, &msg));
    CHECK(msg && strstr(msg, "truncated ELF header"));
    free(msg);
    CHECK(!load(b, E_PHOFF + 60, NULL, &msg));
    CHECK(msg && strstr(msg, "truncated ELF program header"));
    free(msg);
    CHECK(!load(b, E_SEG0 + 8, NULL, &msg));
    CHECK(msg && strstr(msg, "outside the file"));
    free(msg);
    CHECK(load(b, len - 1, NULL, NULL));    /* only the section table is cut */
    loader_clear();
}

static void expect_bad(const uint8_t *b, const char *needle)
{
    char *msg;

    CHECK(!load(b, E_SIZE, NULL, &msg));
    if (!msg || !strstr(msg, needle)) {
        printf("  expected '%s' in '%s'\n", needle, msg ? msg : "(none)");
        harness_failed_now = 1;
    }
    free(msg);
}

static void test_elf_bad_fields(void)
{
    uint8_t b[E_SIZE];

    build_elf(b); b[0] = 0x7e;                       expect_bad(b, "bad ELF magic");
    build_elf(b); b[4] = 1;                          expect_bad(b, "64-bit");
    build_elf(b); b[5] = 2;                          expect_bad(b, "little-endian");
    build_elf(b); put16(b + 0x12, 62);               expect_bad(b, "not RISC-V");
    build_elf(b); put16(b + 0x10, 1);                expect_bad(b, "not an executable");
    build_elf(b); put16(b + 0x38, 0);                expect_bad(b, "no program headers");
    build_elf(b); put16(b + 0x36, 32);               expect_bad(b, "program header size");
    build_elf(b); put64(b + 0x20, UINT64_MAX - 8);   expect_bad(b, "program header");
    build_elf(b); put16(b + 0x38, 0xffff);           expect_bad(b, "program header");
    build_elf(b); put64(b + E_PHOFF + 8, UINT64_MAX); expect_bad(b, "outside the file");
    build_elf(b); put64(b + E_PHOFF + 0x20, UINT64_MAX); expect_bad(b, "outside the file");
    build_elf(b); put64(b + E_PHOFF + 0x28, 0x10);   expect_bad(b, "memsz < filesz");
    build_elf(b); put64(b + E_PHOFF + 0x18, UINT64_MAX - 0x10); expect_bad(b, "wraps");
    build_elf(b); put64(b + E_PHOFF + 0x18, 0x40000000); expect_bad(b, "not in RAM or ROM");
    build_elf(b); put32(b + E_PHOFF, 4); put32(b + E_PHOFF + 56, 4);
    expect_bad(b, "nothing to load");
    /* Huge BSS that runs off the end of RAM. */
    build_elf(b); put64(b + E_PHOFF + 0x28, 2 * RAM_SIZE); expect_bad(b, "not in RAM or ROM");
    loader_clear();
}

static void test_looks_like_elf(void)
{
    CHECK(loader_looks_like_elf((const uint8_t *)"\177ELF", 4));
    CHECK(loader_looks_like_elf((const uint8_t *)"\000ELF", 4));
    CHECK(!loader_looks_like_elf((const uint8_t *)"\177EL", 3));
    CHECK(!loader_looks_like_elf((const uint8_t *)"\x13\x05\x00\x00", 4));
}

static char *write_tmp(const void *data, size_t len)
{
    char *path = xstrdup("/tmp/vireo-test-loader-XXXXXX");
    int fd = mkstemp(path);

    CHECK(fd >= 0);
    CHECK(write(fd, data, len) == (ssize_t)len);
    close(fd);
    return path;
}

static void test_linux_image(void)
{
    uint8_t img[256] = { 0 };
    LinuxImageHeader h;
    uint64_t entry;
    hwaddr end;
    Error *err = NULL;

    CHECK(!loader_parse_linux_image(img, sizeof(img), &h));
    put64(img + 8, 0x200000);
    put64(img + 16, 0x10000);
    memcpy(img + 0x38, "RSC\x05", 4);
    CHECK(loader_parse_linux_image(img, sizeof(img), &h));
    CHECK_EQ(h.text_offset, 0x200000);
    CHECK_EQ(h.image_size, 0x10000);
    CHECK(!loader_parse_linux_image(img, 63, &h));

    loader_clear();
    char *path = write_tmp(img, sizeof(img));
    CHECK(loader_load_kernel(path, &as, RAM_BASE + 0x200000, RAM_BASE + RAM_SIZE, &entry,
                             &end, &err));
    CHECK_EQ(entry, RAM_BASE + 0x200000);
    CHECK_EQ(end, RAM_BASE + 0x210000);              /* image_size, not the file size */
    CHECK(!memcmp(ram_at(RAM_BASE + 0x200038), "RSC\x05", 4));
    /* image_size that does not fit below the limit */
    CHECK(!loader_load_kernel(path, &as, RAM_BASE + RAM_SIZE - 0x8000, RAM_BASE + RAM_SIZE,
                              &entry, &end, &err));
    CHECK(err && strstr(error_get_pretty(err), "too large"));
    error_free(err);
    err = NULL;
    /* image_size smaller than the file is malformed */
    put64(img + 16, 16);
    unlink(path);
    free(path);
    path = write_tmp(img, sizeof(img));
    CHECK(!loader_load_kernel(path, &as, RAM_BASE, RAM_BASE + RAM_SIZE, &entry, &end, &err));
    error_free(err);
    err = NULL;
    unlink(path);
    free(path);
    /* A missing file names itself and the OS error. */
    CHECK(!loader_load_kernel("/nonexistent/k", &as, RAM_BASE, RAM_BASE + RAM_SIZE, &entry,
                              &end, &err));
    CHECK_STREQ(err ? error_get_pretty(err) : NULL,
                "could not load kernel '/nonexistent/k': No such file or directory");
    error_free(err);
    loader_clear();
}

static void test_raw_and_blobs(void)
{
    uint8_t data[100];
    uint64_t size = 0;
    Error *err = NULL;

    for (int i = 0; i < 100; i++) {
        data[i] = i;
    }
    loader_clear();
    char *path = write_tmp(data, sizeof(data));
    CHECK(loader_load_raw("firmware", path, &as, RAM_BASE + 0x1000, 100, &size, &err));
    CHECK_EQ(size, 100);
    CHECK_EQ(*ram_at(RAM_BASE + 0x1063), 99);
    CHECK(!loader_load_raw("firmware", path, &as, RAM_BASE, 99, &size, &err));
    CHECK(err && strstr(error_get_pretty(err), "too large"));
    error_free(err);
    unlink(path);
    free(path);

    /* Reset puts loaded images back. */
    memset(ram_at(RAM_BASE + 0x1000), 0xee, 100);
    loader_reset_blobs(&as);
    CHECK_EQ(*ram_at(RAM_BASE + 0x1000), 0);
    CHECK_EQ(*ram_at(RAM_BASE + 0x1063), 99);
    loader_clear();
}

static void test_fdt_addr(void)
{
    CHECK_EQ(riscv_compute_fdt_addr(RAM_BASE, 256 * MiB, 0x2000), 0x8fe00000);
    CHECK_EQ(riscv_compute_fdt_addr(RAM_BASE, 128 * MiB, 0x1000), 0x87e00000);
    /* Large RAM: below 3 GiB. */
    CHECK_EQ(riscv_compute_fdt_addr(RAM_BASE, 4 * GiB, 0x2000), 0xbfe00000);
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

/* -bios none -kernel ELF -initrd -append: ROM, fw_dynamic_info and /chosen. */
static void test_boot_setup(void)
{
    uint8_t b[E_SIZE], rd[4096] = { 1, 2, 3 };
    Machine m;
    RISCVBootInfo info;
    RISCVBootLayout l = { ROM_BASE, ROM_SIZE, RAM_BASE, RAM_SIZE };
    Error *err = NULL;

    loader_clear();
    memset(&m, 0, sizeof(m));
    build_elf(b);
    put64(b + E_PHOFF + 56 + 0x18, RAM_BASE + 0x2000);  /* 2nd segment in RAM */
    char *kernel = write_tmp(b, E_SIZE);
    char *initrd = write_tmp(rd, sizeof(rd));
    m.system_as = &as;
    m.bios = (char *)"none";
    m.kernel = kernel;
    m.initrd = initrd;
    m.append = (char *)"console=ttyS0";
    m.fdt = dt_create();
    CHECK(riscv_boot_setup(&m, &l, &info, &err));
    if (err) {
        printf("  %s\n", error_get_pretty(err));
        error_free(err);
        err = NULL;
    }
    CHECK(!info.have_firmware);
    CHECK_EQ(info.kernel_entry, RAM_BASE + 0x10);
    CHECK_EQ(info.start_addr, RAM_BASE + 0x10);     /* M-mode, straight to the ELF */
    CHECK_EQ(info.initrd_start, RAM_BASE + 0x10 + RAM_SIZE / 2);
    CHECK_EQ(info.initrd_end, info.initrd_start + sizeof(rd));
    CHECK_EQ(info.fdt_addr, RAM_BASE + RAM_SIZE - 2 * MiB);

    uint8_t r[88];
    address_space_read(&as, ROM_BASE, r, sizeof(r));
    static const uint32_t code[6] = {
        0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067,
    };
    for (int i = 0; i < 6; i++) {
        CHECK_EQ(rd64(r + 4 * i) & 0xffffffff, code[i]);
    }
    CHECK_EQ(rd64(r + BOOT_ROM_START_ADDR_OFF), RAM_BASE + 0x10);
    CHECK_EQ(rd64(r + BOOT_ROM_FDT_ADDR_OFF), info.fdt_addr);
    CHECK_EQ(rd64(r + 40), FW_DYNAMIC_INFO_MAGIC);
    CHECK_EQ(rd64(r + 48), FW_DYNAMIC_INFO_VERSION);
    CHECK_EQ(rd64(r + 56), RAM_BASE + 0x10);        /* next_addr */
    CHECK_EQ(rd64(r + 64), FW_DYNAMIC_NEXT_MODE_S);

    /* The tree in guest RAM is valid and has /chosen filled in. */
    const void *fdt = ram_at(info.fdt_addr);
    CHECK_EQ(fdt_check_header(fdt), 0);
    int chosen = fdt_path_offset(fdt, "/chosen");
    CHECK(chosen >= 0);
    const char *args = fdt_getprop(fdt, chosen, "bootargs", NULL);
    CHECK_STREQ(args, "console=ttyS0");
    const void *start = fdt_getprop(fdt, chosen, "linux,initrd-start", NULL);
    fdt64_t start_be = 0;
    if (start) {
        memcpy(&start_be, start, sizeof(start_be));  /* properties are 4-byte aligned */
    }
    CHECK(start && fdt64_to_cpu(start_be) == info.initrd_start);
    CHECK_EQ(*ram_at(info.initrd_start + 2), 3);

    /* -initrd without -kernel */
    m.kernel = NULL;
    free(m.fdt);
    m.fdt = dt_create();
    CHECK(!riscv_boot_setup(&m, &l, &info, &err));
    error_free(err);
    err = NULL;
    /* A firmware file: raw at the start of RAM, the kernel at the next 2 MiB. */
    m.bios = initrd;
    m.kernel = kernel;
    m.initrd = NULL;
    free(m.fdt);
    m.fdt = dt_create();
    put64(b + E_PHOFF + 0x18, RAM_BASE + 0x200000);
    put64(b + E_PHOFF + 56 + 0x18, RAM_BASE + 0x202000);
    put64(b + 0x18, RAM_BASE + 0x200000);
    unlink(kernel);
    free(kernel);
    kernel = write_tmp(b, E_SIZE);
    m.kernel = kernel;
    CHECK(riscv_boot_setup(&m, &l, &info, &err));
    error_free(err);
    CHECK(info.have_firmware);
    CHECK_EQ(info.start_addr, RAM_BASE);
    address_space_read(&as, ROM_BASE, r, sizeof(r));
    CHECK_EQ(rd64(r + BOOT_ROM_START_ADDR_OFF), RAM_BASE);
    CHECK_EQ(rd64(r + 56), RAM_BASE + 0x200000);

    free(m.fdt);
    unlink(kernel);
    unlink(initrd);
    free(kernel);
    free(initrd);
    loader_clear();
}

int main(void)
{
    setup();
    RUN_TEST(test_elf_load);
    RUN_TEST(test_elf_symbols);
    RUN_TEST(test_elf_bad_symtab);
    RUN_TEST(test_elf_truncated);
    RUN_TEST(test_elf_bad_fields);
    RUN_TEST(test_looks_like_elf);
    RUN_TEST(test_linux_image);
    RUN_TEST(test_raw_and_blobs);
    RUN_TEST(test_fdt_addr);
    RUN_TEST(test_boot_setup);
    HARNESS_EXIT();
}
