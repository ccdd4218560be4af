/*
 * A tiny unit-test harness.  Each test file defines test functions and a main()
 * that runs them with RUN_TEST; each prints "PASS name" or "FAIL name: why".
 */
#ifndef TESTS_UNIT_HARNESS_H
#define TESTS_UNIT_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>

static int harness_failed_now;
static int harness_failures;
static int harness_notes;      /* detail lines printed by the running test */

/* A detail line of a failing check, indented; at most 25 per test, so that a
   broken table does not flood the log. */
static __attribute__((unused, format(printf, 1, 2))) void harness_note(const char *fmt, ...)
{
    va_list ap;

    if (harness_notes++ >= 25) {
        return;
    }
    va_start(ap, fmt);
    printf("  ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

#define CHECK(cond) do {                                                       \
        if (!(cond)) {                                                         \
            printf("  check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            harness_failed_now = 1;                                            \
        }                                                                      \
    } while (0)

#define CHECK_EQ(a, b) do {                                                    \
        uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                       \
        if (a_ != b_) {                                                        \
            printf("  check failed at %s:%d: %s == %s (0x%" PRIx64             \
                   " != 0x%" PRIx64 ")\n", __FILE__, __LINE__, #a, #b, a_, b_); \
            harness_failed_now = 1;                                            \
        }                                                                      \
    } while (0)

#define CHECK_STREQ(a, b) do {                                                 \
        const char *a_ = (a), *b_ = (b);                                       \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                               \
            printf("  check failed at %s:%d: \"%s\" == \"%s\"\n", __FILE__,     \
                   __LINE__, a_ ? a_ : "(null)", b_ ? b_ : "(null)");          \
            harness_failed_now = 1;                                            \
        }                                                                      \
    } while (0)

#define RUN_TEST(fn) do {                                                      \
        harness_failed_now = 0;                                                \
        harness_notes = 0;                                                     \
        fn();                                                                  \
        if (harness_failed_now) {                                              \
            printf("FAIL %s: see checks above\n", #fn);                        \
            harness_failures++;                                                \
        } else {                                                               \
            printf("PASS %s\n", #fn);                                          \
        }                                                                      \
        fflush(stdout);                                                        \
    } while (0)

#define HARNESS_EXIT() return harness_failures ? 1 : 0

#endif
