/*
 * Unit tests for the executable code buffer (tcg/codebuf.c): each mode maps,
 * code written through rw runs through rx, allocation and reset.
 */
#include "tcg/codebuf.h"
#include "tests/unit/harness.h"

typedef int (*RetFn)(void);

/* x86-64: mov eax, imm32; ret */
static size_t put_ret_imm(uint8_t *p, uint32_t v)
{
    p[0] = 0xb8;
    memcpy(p + 1, &v, 4);
    p[5] = 0xc3;
    return 6;
}

static void check_mode(CodeBufMode mode)
{
    CodeBuf cb;
    Error *err = NULL;
    uint8_t *a, *b;
    const uint8_t *arx, *brx;

    if (!codebuf_init_mode(&cb, 1 * MiB, mode, &err)) {
        printf("  %s: %s\n", codebuf_mode_name(mode), error_get_pretty(err));
        CHECK(false);
        error_free(err);
        return;
    }
    CHECK(cb.mode == mode || mode == CODEBUF_AUTO);
    CHECK(cb.size == 1 * MiB);
    CHECK_EQ(cb.used, 0);
    if (cb.mode == CODEBUF_DUAL) {
        CHECK(cb.rw != cb.rx);
    }
    codebuf_begin_write(&cb);
    a = codebuf_alloc(&cb, put_ret_imm(codebuf_cur_rw(&cb), 42));
    b = codebuf_alloc(&cb, put_ret_imm(codebuf_cur_rw(&cb), 7));
    CHECK(a == cb.rw);
    CHECK_EQ((uintptr_t)b % CODEBUF_ALIGN, 0);
    CHECK_EQ(cb.used, 2 * CODEBUF_ALIGN);
    codebuf_end_write(&cb, cb.rx, cb.used);
    arx = codebuf_rw_to_rx(&cb, a);
    brx = codebuf_rw_to_rx(&cb, b);
    CHECK(codebuf_rx_to_rw(&cb, brx) == b);
    CHECK(codebuf_contains_rx(&cb, (uintptr_t)brx));
    CHECK(!codebuf_contains_rx(&cb, (uintptr_t)cb.rx + cb.size));
    CHECK_EQ(((RetFn)(uintptr_t)arx)(), 42);
    CHECK_EQ(((RetFn)(uintptr_t)brx)(), 7);

    /* Reset keeps the first piece and reuses the rest. */
    codebuf_reset(&cb, 6);
    CHECK_EQ(cb.used, CODEBUF_ALIGN);
    codebuf_begin_write(&cb);
    b = codebuf_alloc(&cb, put_ret_imm(codebuf_cur_rw(&cb), 99));
    codebuf_end_write(&cb, codebuf_rw_to_rx(&cb, b), 6);
    CHECK(codebuf_rw_to_rx(&cb, b) == brx);
    CHECK_EQ(((RetFn)(uintptr_t)brx)(), 99);
    CHECK_EQ(((RetFn)(uintptr_t)arx)(), 42);

    /* Full: alloc fails without moving the cursor. */
    CHECK(codebuf_alloc(&cb, cb.size) == NULL);
    CHECK_EQ(cb.used, 2 * CODEBUF_ALIGN);
    codebuf_destroy(&cb);
    CHECK(cb.rw == NULL && cb.fd == -1);
}

static void test_codebuf_auto(void) { check_mode(CODEBUF_AUTO); }
static void test_codebuf_dual(void) { check_mode(CODEBUF_DUAL); }
static void test_codebuf_mprotect(void) { check_mode(CODEBUF_MPROTECT); }
static void test_codebuf_rwx(void) { check_mode(CODEBUF_RWX); }

static void test_codebuf_default_size(void)
{
    CodeBuf cb;
    Error *err = NULL;

    CHECK(codebuf_init(&cb, 0, &err));
    CHECK_EQ(cb.size, CODEBUF_DEFAULT_SIZE);
    CHECK(cb.mode == CODEBUF_DUAL);
    codebuf_destroy(&cb);
    /* Sizes round up to whole pages. */
    CHECK(codebuf_init(&cb, 100, &err));
    CHECK(cb.size >= 100 && cb.size % 4096 == 0);
    codebuf_destroy(&cb);
}

static void test_codebuf_views_alias(void)
{
    /* In dual mode the views are distinct mappings of the same bytes. */
    CodeBuf cb;
    Error *err = NULL;

    CHECK(codebuf_init_mode(&cb, 64 * KiB, CODEBUF_DUAL, &err));
    cb.rw[100] = 0x5a;
    CHECK_EQ(cb.rx[100], 0x5a);
    codebuf_destroy(&cb);
}

/* An impossible size is an error, not a crash. */
static void test_codebuf_too_large(void)
{
    CodeBuf cb;
    Error *err = NULL;

    CHECK(!codebuf_init(&cb, 1ull << 62, &err));
    CHECK(err != NULL);
    if (err) {
        CHECK(strstr(error_get_pretty(err), "executable memory") != NULL);
        error_free(err);
    }
}

int main(void)
{
    RUN_TEST(test_codebuf_auto);
    RUN_TEST(test_codebuf_dual);
    RUN_TEST(test_codebuf_mprotect);
    RUN_TEST(test_codebuf_rwx);
    RUN_TEST(test_codebuf_default_size);
    RUN_TEST(test_codebuf_views_alias);
    RUN_TEST(test_codebuf_too_large);
    HARNESS_EXIT();
}
