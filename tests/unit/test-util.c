/*
 * Unit tests for util/: size parsing, -d items, -D, errors, allocation, clock.
 */
#include "util/osdep.h"
#include "util/error.h"
#include "util/log.h"
#include "qom/object.h"
#include "harness.h"

#include <unistd.h>

static void test_parse_size(void)
{
    static const struct { const char *s; uint64_t v; } ok[] = {
        { "0", 0 }, { "4096", 4096 }, { "16M", 16 * MiB }, { "16m", 16 * MiB },
        { "1G", GiB }, { "2g", 2 * GiB }, { "4k", 4 * KiB }, { "3K", 3 * KiB },
        { "1T", 1ull << 40 }, { "1t", 1ull << 40 }, { "0x1000", 0x1000 },
        { "16777215T", 16777215ull << 40 }, { "18446744073709551615", UINT64_MAX },
    };
    static const char *const bad[] = {
        "", "M", "1Q", "16MB", "1.5G", "-1", " 4", "4 ", "0x", "16777216T",
        "18446744073709551616", "99999999999999999999G",
    };
    for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
        uint64_t v = 1;
        Error *err = NULL;
        CHECK(parse_size(ok[i].s, &v, &err));
        CHECK_EQ(v, ok[i].v);
        CHECK(err == NULL);
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        uint64_t v = 12345;
        Error *err = NULL;
        CHECK(!parse_size(bad[i], &v, &err));
        CHECK(err != NULL);
        CHECK_EQ(v, 12345);
        if (err && !strstr(error_get_pretty(err), bad[i])) {
            printf("  message lacks input: %s\n", error_get_pretty(err));
            CHECK(0);
        }
        error_free(err);
    }
    {
        Error *err = NULL;
        uint64_t v;
        parse_size("zz", &v, &err);
        CHECK_STREQ(error_get_pretty(err), "invalid size 'zz'");
        error_free(err);
        CHECK(!parse_size("1X", &v, NULL));      /* NULL errp is allowed */
    }
}

static void test_parse_bool(void)
{
    bool b;
    Error *err = NULL;

    CHECK(parse_bool("on", &b, NULL) && b);
    CHECK(parse_bool("yes", &b, NULL) && b);
    CHECK(parse_bool("true", &b, NULL) && b);
    CHECK(parse_bool("off", &b, NULL) && !b);
    CHECK(parse_bool("no", &b, NULL) && !b);
    CHECK(parse_bool("false", &b, NULL) && !b);
    CHECK(!parse_bool("maybe", &b, &err));
    CHECK(err && strstr(error_get_pretty(err), "'maybe'"));
    error_free(err);
}

static void test_log_items(void)
{
    Error *err = NULL;

    CHECK(log_set_items("guest_errors,unimp", &err));
    CHECK_EQ(log_mask, LOG_GUEST_ERROR | LOG_UNIMP);
    CHECK(log_set_items("in_asm,op,op_opt,out_asm,exec,cpu,int,mmu,nochain", NULL));
    CHECK_EQ(log_mask, LOG_IN_ASM | LOG_OP | LOG_OP_OPT | LOG_OUT_ASM | LOG_EXEC |
             LOG_CPU | LOG_INT | LOG_MMU | LOG_NOCHAIN);
    CHECK(log_set_items("stats,device,fdt", NULL));
    CHECK_EQ(log_mask, LOG_STATS | LOG_DEVICE | LOG_FDT);
    CHECK(log_enabled(LOG_FDT));
    CHECK(!log_enabled(LOG_GUEST_ERROR));
    CHECK(!log_set_items("int,bogus", &err));
    CHECK(err != NULL);
    CHECK_STREQ(error_get_pretty(err), "unknown -d item 'bogus'");
    error_free(err);
    CHECK_EQ(log_mask, LOG_STATS | LOG_DEVICE | LOG_FDT);   /* unchanged on error */
    CHECK(!log_set_items("in_asmx", NULL));
    CHECK(!log_set_items("in_as", NULL));
    CHECK(log_set_items("", NULL));
    CHECK_EQ(log_mask, 0);
}

static void test_log_help(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    static const char *const names[] = {
        "guest_errors", "unimp", "in_asm", "op", "op_opt", "out_asm", "exec", "cpu",
        "int", "mmu", "nochain", "stats", "device", "fdt",
    };

    log_print_help(f);
    fclose(f);
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        char pat[64];
        snprintf(pat, sizeof(pat), "\n%s ", names[i]);
        CHECK(strstr(buf, pat) != NULL);
    }
    free(buf);
}

static void test_log_file(void)
{
    char path[] = "/tmp/vireo-test-log-XXXXXX";
    int fd = mkstemp(path);
    char line[128] = "";
    Error *err = NULL;
    FILE *f;

    CHECK(fd >= 0);
    close(fd);
    CHECK(log_file() == stderr);
    CHECK(log_set_file(path, &err));
    CHECK(log_file() != stderr);
    log_mask = LOG_GUEST_ERROR;
    log_guest_error("bad access at 0x%x\n", 0x10);
    log_unimp("not shown\n");
    log_flush();
    f = fopen(path, "r");
    CHECK(f && fgets(line, sizeof(line), f));
    CHECK_STREQ(line, "bad access at 0x10\n");
    CHECK(f && !fgets(line, sizeof(line), f));
    if (f) {
        fclose(f);
    }
    unlink(path);
    log_mask = 0;
    CHECK(!log_set_file("/nonexistent-dir/x.log", &err));
    CHECK(err && strstr(error_get_pretty(err), "/nonexistent-dir/x.log"));
    CHECK(err && strstr(error_get_pretty(err), "No such file"));
    error_free(err);
}

/* Capture what fn writes on stderr. */
static char *capture_stderr(void (*fn)(void))
{
    char path[] = "/tmp/vireo-test-err-XXXXXX";
    int fd = mkstemp(path), saved = dup(2);
    static char buf[512];
    ssize_t n;

    fflush(stderr);
    dup2(fd, 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    n = pread(fd, buf, sizeof(buf) - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    return buf;
}

static void report_default(void) { error_report("cannot open '%s'", "x.img"); }
static void report_named(void)
{
    Error *err = NULL;
    error_set_progname("/usr/bin/vireo-riscv64");
    error_setg(&err, "bad %d", 7);
    error_report_err(err);
    warn_report("careful");
    error_set_progname("vireo");
}

static void test_error_report(void)
{
    CHECK_STREQ(capture_stderr(report_default), "vireo: cannot open 'x.img'\n");
    CHECK_STREQ(capture_stderr(report_named),
                "vireo-riscv64: bad 7\nvireo-riscv64: warning: careful\n");
}

static void test_error_api(void)
{
    Error *err = NULL, *other = NULL;

    error_setg(NULL, "ignored");
    error_setg(&err, "first %s", "one");
    error_setg(&err, "second");                     /* first error wins */
    CHECK_STREQ(error_get_pretty(err), "first one");
    error_prepend(&err, "ctx %d: ", 3);
    CHECK_STREQ(error_get_pretty(err), "ctx 3: first one");
    error_propagate(&other, err);
    CHECK(other == err);
    err = NULL;
    error_setg(&err, "dropped");
    error_propagate(&other, err);                   /* dst already set: freed */
    CHECK_STREQ(error_get_pretty(other), "ctx 3: first one");
    error_free(other);
    other = NULL;
    error_setg_errno(&other, ENOENT, "open %s", "f");
    CHECK_STREQ(error_get_pretty(other), "open f: No such file or directory");
    error_free(other);
    error_propagate(NULL, NULL);
    error_prepend(NULL, "x");
}

static void test_alloc_and_clock(void)
{
    char *s = xasprintf("%s-%d", "a", 42);
    uint8_t *z = xzalloc(100);
    int64_t t0 = host_clock_ns(), t1;

    CHECK_STREQ(s, "a-42");
    for (int i = 0; i < 100; i++) {
        CHECK_EQ(z[i], 0);
    }
    z = xrealloc(z, 1000);
    z[999] = 1;
    CHECK(xstrdup(NULL) == NULL);
    free(s);
    free(z);
    usleep(2000);
    t1 = host_clock_ns();
    CHECK(t1 - t0 >= 2000000);
    CHECK(t1 - t0 < 2000000000);
    CHECK_EQ(extract64(0xabcd, 4, 8), 0xbc);
    CHECK_EQ(sextract64(0xf0, 4, 4), (uint64_t)-1);
    CHECK_EQ(deposit64(0, 8, 8, 0x1ff), 0xff00);
}

int main(void)
{
    RUN_TEST(test_parse_size);
    RUN_TEST(test_parse_bool);
    RUN_TEST(test_log_items);
    RUN_TEST(test_log_help);
    RUN_TEST(test_log_file);
    RUN_TEST(test_error_report);
    RUN_TEST(test_error_api);
    RUN_TEST(test_alloc_and_clock);
    HARNESS_EXIT();
}
