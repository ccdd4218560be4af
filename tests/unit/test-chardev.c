/*
 * Unit tests for hw/core/chardev.c: file/null backends, spec errors, the
 * Ctrl-A escapes through a pipe, flow control with can_receive, EOF, and
 * stdio on a non-tty stdin.
 */
#include "hw/core/chardev.h"
#include "hw/core/main-loop.h"
#include "util/error.h"
#include "harness.h"

#include <fcntl.h>
#include <unistd.h>

typedef struct Sink {
    char data[16384];
    size_t len;
    int room;                    /* can_receive answer; -1: unlimited */
    int calls;
} Sink;

static int sink_can_receive(void *opaque)
{
    Sink *s = opaque;
    return s->room < 0 ? 4096 : s->room;
}

static void sink_receive(void *opaque, const uint8_t *buf, int len)
{
    Sink *s = opaque;

    if (s->room >= 0) {
        CHECK(len <= s->room);
        s->room -= len;
    }
    memcpy(s->data + s->len, buf, (size_t)len);
    s->len += (size_t)len;
    s->calls++;
}

static char *slurp_fd(int fd)
{
    static char buf[4096];
    ssize_t n;
    int fl = fcntl(fd, F_GETFL);

    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    n = read(fd, buf, sizeof(buf) - 1);
    fcntl(fd, F_SETFL, fl);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

static void test_file_and_null(void)
{
    char path[] = "/tmp/vireo-test-chr-XXXXXX";
    int fd = mkstemp(path);
    char *spec, buf[64] = "";
    Chardev *chr;
    Error *err = NULL;
    FILE *f;

    close(fd);
    spec = xasprintf("file:%s", path);
    chr = chardev_new_from_opt(spec, &err);
    CHECK(chr != NULL && err == NULL);
    CHECK_EQ(chardev_write(chr, (const uint8_t *)"hello ", 6), 6);
    CHECK_EQ(chardev_write(chr, (const uint8_t *)"world\n", 6), 6);
    CHECK_EQ(chardev_write(chr, NULL, 0), 0);
    chardev_free(chr);
    f = fopen(path, "r");
    CHECK(f && fgets(buf, sizeof(buf), f));
    CHECK_STREQ(buf, "hello world\n");
    if (f) {
        fclose(f);
    }
    unlink(path);
    free(spec);

    chr = chardev_new_from_opt("null", &err);
    CHECK(chr != NULL);
    CHECK_EQ(chardev_write(chr, (const uint8_t *)"x", 1), 1);
    chardev_free(chr);
}

static void expect_spec_error(const char *spec, const char *msg)
{
    Error *err = NULL;

    CHECK(chardev_new_from_opt(spec, &err) == NULL);
    CHECK(err != NULL);
    if (err && !strstr(error_get_pretty(err), msg)) {
        printf("  got \"%s\", want \"%s\"\n", error_get_pretty(err), msg);
        CHECK(0);
    }
    error_free(err);
}

static void test_spec_errors(void)
{
    expect_spec_error("bogus", "unknown chardev backend 'bogus'");
    expect_spec_error("mon:tcp:1234", "unknown chardev backend 'tcp:1234'");
    expect_spec_error("file:", "needs a path");
    expect_spec_error("file:/nonexistent-dir/out.txt",
                      "cannot open '/nonexistent-dir/out.txt': No such file");
    expect_spec_error(NULL, "missing");
}

static void feed(int fd, const char *s, size_t len)
{
    CHECK_EQ(write(fd, s, len), len);
    main_loop_wait(0);
}

static void test_escapes(void)
{
    int in[2], out[2], code = -1;
    Sink sink = { .room = -1 };
    Chardev *chr;
    char *o;

    CHECK(pipe(in) == 0 && pipe(out) == 0);
    chr = chardev_new_fd(in[0], out[1], true);
    chardev_set_handlers(chr, sink_can_receive, sink_receive, &sink);

    feed(in[1], "ab\x01" "a\x01\x01" "c\x01zd", 10);       /* C-a z: dropped */
    CHECK_EQ(sink.len, 6);
    CHECK(memcmp(sink.data, "ab\x01\x01" "cd", 6) == 0);
    CHECK_STREQ(slurp_fd(out[0]), "");
    /* Escape split across two reads. */
    feed(in[1], "\x01", 1);
    feed(in[1], "h", 1);
    o = slurp_fd(out[0]);
    CHECK(strstr(o, "C-a h    print this help") != NULL);
    CHECK(strstr(o, "C-a x    exit emulator") != NULL);
    feed(in[1], "\x01?", 2);
    CHECK(strstr(slurp_fd(out[0]), "print this help") != NULL);
    feed(in[1], "\x01" "c", 2);
    CHECK(strstr(slurp_fd(out[0]), "monitor not supported yet") != NULL);
    CHECK(!main_loop_shutdown_requested(&code));
    CHECK_EQ(chardev_write(chr, (const uint8_t *)"guest", 5), 5);
    CHECK_STREQ(slurp_fd(out[0]), "guest");
    feed(in[1], "q\x01x", 3);
    CHECK(main_loop_shutdown_requested(&code));
    CHECK_EQ(code, 0);
    CHECK(strstr(slurp_fd(out[0]), "terminated") != NULL);
    chardev_free(chr);
    close(in[0]); close(in[1]); close(out[0]); close(out[1]);
}

static void test_escapes_exact(void)
{
    int in[2];
    Sink sink = { .room = -1 };
    Chardev *chr;

    CHECK(pipe(in) == 0);
    chr = chardev_new_fd(in[0], -1, true);
    chardev_set_handlers(chr, sink_can_receive, sink_receive, &sink);
    feed(in[1], "ab\x01" "a\x01\x01" "c\x01zd", 10);
    CHECK_EQ(sink.len, 6);
    CHECK(memcmp(sink.data, "ab\x01\x01" "cd", 6) == 0);
    chardev_free(chr);
    /* Without mux, C-a is plain data. */
    sink.len = 0;
    chr = chardev_new_fd(in[0], -1, false);
    chardev_set_handlers(chr, sink_can_receive, sink_receive, &sink);
    feed(in[1], "\x01x\x01h", 4);
    CHECK_EQ(sink.len, 4);
    CHECK(memcmp(sink.data, "\x01x\x01h", 4) == 0);
    chardev_free(chr);
    close(in[0]);
    close(in[1]);
}

static void test_flow_control(void)
{
    int in[2];
    Sink sink = { .room = 3 };
    Chardev *chr;
    static char big[6000];

    CHECK(pipe(in) == 0);
    chr = chardev_new_fd(in[0], -1, false);
    /* Input before handlers exist is buffered. */
    feed(in[1], "0123456789", 10);
    CHECK_EQ(sink.len, 0);
    chardev_set_handlers(chr, sink_can_receive, sink_receive, &sink);
    main_loop_wait(0);
    CHECK_EQ(sink.len, 3);
    main_loop_wait(0);
    CHECK_EQ(sink.len, 3);                               /* room exhausted */
    sink.room = 4;
    chardev_accept_input(chr);
    main_loop_wait(0);
    CHECK_EQ(sink.len, 7);
    sink.room = -1;
    main_loop_wait(0);
    CHECK_EQ(sink.len, 10);
    CHECK(memcmp(sink.data, "0123456789", 10) == 0);

    /* More than the buffer while the frontend is stuck: nothing is lost
       and the loop does not spin on the readable fd. */
    for (size_t i = 0; i < sizeof(big); i++) {
        big[i] = (char)('a' + i % 26);
    }
    sink.len = 0;
    sink.room = 0;
    CHECK_EQ(write(in[1], big, sizeof(big)), sizeof(big));
    for (int i = 0; i < 5; i++) {
        main_loop_wait(0);
    }
    {
        int64_t h0 = host_clock_ns();
        main_loop_wait(20000000);                       /* fd full: must sleep */
        CHECK(host_clock_ns() - h0 >= 15000000);
    }
    CHECK_EQ(sink.len, 0);
    sink.room = -1;
    for (int i = 0; i < 5; i++) {
        main_loop_wait(0);
    }
    CHECK_EQ(sink.len, sizeof(big));
    CHECK(memcmp(sink.data, big, sizeof(big)) == 0);
    chardev_free(chr);
    close(in[0]);
    close(in[1]);
}

static void test_eof(void)
{
    int in[2];
    Sink sink = { .room = -1 };
    Chardev *chr;
    int64_t h0;

    CHECK(pipe(in) == 0);
    chr = chardev_new_fd(in[0], -1, true);
    chardev_set_handlers(chr, sink_can_receive, sink_receive, &sink);
    feed(in[1], "last", 4);
    close(in[1]);
    main_loop_wait(0);
    CHECK_EQ(sink.len, 4);
    h0 = host_clock_ns();
    main_loop_wait(20000000);                            /* EOF is not readiness */
    CHECK(host_clock_ns() - h0 >= 15000000);
    chardev_free(chr);
    close(in[0]);
}

static void test_stdio_pipe(void)
{
    int in[2], out[2];
    int saved_in = dup(0), saved_out = dup(1);
    Sink sink = { .room = -1 };
    Chardev *chr;
    Error *err = NULL;

    CHECK(pipe(in) == 0 && pipe(out) == 0);
    fflush(stdout);
    dup2(in[0], 0);
    dup2(out[1], 1);
    chr = chardev_new_from_opt("mon:stdio", &err);
    CHECK(chr != NULL);
    CHECK(chardev_new_from_opt("stdio", &err) == NULL);
    CHECK(err && strcmp(error_get_pretty(err),
                        "cannot use stdio by multiple character devices") == 0);
    error_free(err);
    if (chr) {
        chardev_set_handlers(chr, sink_can_receive, sink_receive, &sink);
        feed(in[1], "ls\r", 3);
        chardev_write(chr, (const uint8_t *)"$ ", 2);
    }
    dup2(saved_in, 0);
    dup2(saved_out, 1);
    close(saved_in);
    close(saved_out);
    CHECK_EQ(sink.len, 3);
    CHECK(memcmp(sink.data, "ls\r", 3) == 0);
    CHECK_STREQ(slurp_fd(out[0]), "$ ");
    chardev_free(chr);
    close(in[0]); close(in[1]); close(out[0]); close(out[1]);
}

static void test_pty(void)
{
    Error *err = NULL;
    Chardev *chr = chardev_new_from_opt("pty", &err);

    if (!chr) {
        /* No /dev/ptmx in this sandbox: the error must say so clearly. */
        CHECK(err && strstr(error_get_pretty(err), "pty"));
        error_free(err);
        return;
    }
    /* Nobody reads the other side: output must not block forever. */
    for (int i = 0; i < 100; i++) {
        static const uint8_t line[128] = "x";
        CHECK_EQ(chardev_write(chr, line, sizeof(line)), sizeof(line));
    }
    main_loop_wait(0);
    chardev_free(chr);
}

int main(void)
{
    RUN_TEST(test_file_and_null);
    RUN_TEST(test_spec_errors);
    RUN_TEST(test_escapes_exact);
    RUN_TEST(test_flow_control);
    RUN_TEST(test_eof);
    RUN_TEST(test_stdio_pipe);
    RUN_TEST(test_pty);
    RUN_TEST(test_escapes);          /* last: it requests shutdown */
    HARNESS_EXIT();
}
