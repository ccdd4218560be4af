/*
 * Unit tests for hw/core/timer.c and hw/core/main-loop.c: the virtual clock
 * (host-based, paused, icount), timer ordering and re-arming, fd handlers,
 * kicks, the deadline alarm, shutdown/reset requests.
 */
#include "hw/core/timer.h"
#include "hw/core/main-loop.h"
#include "harness.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

static char fired[64];

static void note_cb(void *opaque)
{
    strncat(fired, opaque, sizeof(fired) - strlen(fired) - 1);
}

static void test_clock_basic(void)
{
    int64_t a = clock_get_ns(), b;

    usleep(2000);
    b = clock_get_ns();
    CHECK(b - a >= 2000000);
    clock_set_running(false);
    a = clock_get_ns();
    usleep(3000);
    CHECK_EQ(clock_get_ns(), a);                     /* frozen while stopped */
    clock_set_running(true);
    b = clock_get_ns();
    CHECK(b - a < 2000000);                          /* no jump on resume */
    CHECK(b >= a);
}

static void test_timer_order(void)
{
    int64_t now = clock_get_ns();
    Timer *a = timer_new(note_cb, "a"), *b = timer_new(note_cb, "b");
    Timer *c = timer_new(note_cb, "c"), *d = timer_new(note_cb, "d");

    fired[0] = '\0';
    CHECK(!timer_pending(a));
    CHECK_EQ(timer_expire_time(a), (uint64_t)-1);
    timer_mod(c, now - 10);
    timer_mod(a, now - 30);
    timer_mod(b, now - 20);
    timer_mod(d, now + 1000000000);                  /* 1 s away */
    CHECK(timer_pending(a));
    CHECK_EQ(timers_next_deadline(), now - 30);
    timer_mod(a, now - 5);                           /* re-sorted: now after c */
    CHECK_EQ(timers_next_deadline(), now - 20);
    CHECK(timers_run_expired());
    CHECK_STREQ(fired, "bca");
    CHECK(!timer_pending(a) && !timer_pending(b) && !timer_pending(c));
    CHECK(timer_pending(d));
    CHECK_EQ(timers_next_deadline(), now + 1000000000);
    CHECK(!timers_run_expired());
    timer_del(d);
    timer_del(d);
    CHECK(!timer_pending(d));
    CHECK_EQ(timers_next_deadline(), INT64_MAX);
    /* Equal expiry: first armed runs first. */
    fired[0] = '\0';
    timer_mod(b, now - 1);
    timer_mod(a, now - 1);
    timer_mod(c, now - 1);
    timers_run_expired();
    CHECK_STREQ(fired, "bac");
    timer_free(a);
    timer_free(b);
    timer_free(c);
    timer_mod(d, now);
    timer_free(d);                                   /* pending: unlinked */
    CHECK_EQ(timers_next_deadline(), INT64_MAX);
}

typedef struct Periodic {
    Timer *t;
    int count;
    int64_t period;
    Timer *victim;
} Periodic;

static void periodic_cb(void *opaque)
{
    Periodic *p = opaque;

    p->count++;
    if (p->count < 5) {
        CHECK(!timer_pending(p->t));                 /* popped before the call */
        timer_mod(p->t, p->count);                   /* long past */
    }
    if (p->victim) {
        timer_del(p->victim);                        /* another expired timer */
    }
}

static void test_timer_rearm(void)
{
    Periodic p = { 0 };
    Timer *v = timer_new(note_cb, "v");

    p.t = timer_new(periodic_cb, &p);
    /* The callback re-arms in the past: runs again in the same call. */
    timer_mod(p.t, clock_get_ns() - 1000);
    CHECK(timers_run_expired());
    CHECK_EQ(p.count, 5);
    CHECK(!timer_pending(p.t));
    /* A callback deleting another expired timer prevents it from running. */
    fired[0] = '\0';
    p.count = 10;
    p.victim = v;
    timer_mod(p.t, clock_get_ns() - 100);
    timer_mod(v, clock_get_ns() - 50);
    timers_run_expired();
    CHECK_STREQ(fired, "");
    CHECK(!timer_pending(v));
    p.victim = NULL;
    timer_free(v);
    timer_free(p.t);
}

static void self_free_cb(void *opaque)
{
    Timer **t = opaque;
    timer_free(*t);
    *t = NULL;
}

static void test_timer_self_free(void)
{
    static Timer *t;

    t = timer_new(self_free_cb, &t);
    timer_mod(t, 0);
    CHECK(timers_run_expired());
    CHECK(t == NULL);
}

static void test_icount(void)
{
    int64_t base;
    Timer *t = timer_new(note_cb, "i");

    clock_set_icount(3);
    CHECK_EQ(clock_icount_shift(), 3);
    base = clock_get_ns();
    usleep(2000);
    CHECK_EQ(clock_get_ns(), base);                  /* host time is irrelevant */
    clock_account_insns(100);
    CHECK_EQ(clock_get_ns(), base + 800);
    fired[0] = '\0';
    timer_mod(t, base + 1000);
    CHECK(!timers_run_expired());
    clock_account_insns(24);
    CHECK_EQ(clock_get_ns(), base + 992);
    CHECK(!timers_run_expired());
    clock_account_insns(1);
    CHECK(timers_run_expired());
    CHECK_STREQ(fired, "i");
    /* Idle wait warps to the next deadline rather than sleeping. */
    timer_mod(t, base + 1000000000);
    {
        int64_t h0 = host_clock_ns();
        main_loop_wait(-1);
        CHECK(host_clock_ns() - h0 < 500000000);
    }
    CHECK_EQ(clock_get_ns(), base + 1000000000);
    CHECK_STREQ(fired, "ii");
    clock_warp_to(base);                             /* never backwards */
    CHECK_EQ(clock_get_ns(), base + 1000000000);
    clock_set_icount(-1);
    CHECK_EQ(clock_icount_shift(), -1);
    {
        int64_t now = clock_get_ns();
        CHECK(now >= base + 1000000000 && now < base + 1000000000 + 100000000);
    }
    clock_account_insns(1000000);                    /* ignored without icount */
    timer_free(t);
}

static int pipe_reads;
static char pipe_buf[16];

static void on_pipe_read(void *opaque)
{
    int fd = *(int *)opaque;
    ssize_t n = read(fd, pipe_buf, sizeof(pipe_buf) - 1);

    pipe_buf[n > 0 ? n : 0] = '\0';
    pipe_reads++;
}

static void test_main_loop_fd_and_timer(void)
{
    int p[2];
    Timer *t = timer_new(note_cb, "t");
    int64_t h0;

    CHECK(pipe(p) == 0);
    main_loop_set_fd_handler(p[0], on_pipe_read, NULL, &p[0]);
    /* Nothing ready: a 0 timeout returns at once. */
    main_loop_wait(0);
    CHECK_EQ(pipe_reads, 0);
    CHECK(write(p[1], "hi", 2) == 2);
    main_loop_wait(-1);
    CHECK_EQ(pipe_reads, 1);
    CHECK_STREQ(pipe_buf, "hi");
    /* Blocks until the timer's deadline (20 ms), runs it. */
    fired[0] = '\0';
    h0 = host_clock_ns();
    timer_mod(t, clock_get_ns() + 20000000);
    main_loop_wait(-1);
    CHECK(host_clock_ns() - h0 >= 19000000);
    CHECK_STREQ(fired, "t");
    /* A timeout shorter than the deadline wins. */
    timer_mod(t, clock_get_ns() + 1000000000);
    h0 = host_clock_ns();
    main_loop_wait(10000000);
    CHECK(host_clock_ns() - h0 < 500000000);
    CHECK_STREQ(fired, "t");
    timer_del(t);
    main_loop_set_fd_handler(p[0], NULL, NULL, NULL);
    CHECK(write(p[1], "x", 1) == 1);
    main_loop_wait(0);
    CHECK_EQ(pipe_reads, 1);                          /* removed */
    close(p[0]);
    close(p[1]);
    timer_free(t);
}

static atomic_int kicks;
static void kick_cb(void *opaque) { atomic_fetch_add(&kicks, 1); }

static void *kicker_thread(void *arg)
{
    usleep(30000);
    main_loop_kick();
    return NULL;
}

static void test_kick_wakes_poll(void)
{
    pthread_t th;
    int64_t h0 = host_clock_ns();

    main_loop_set_kick_handler(kick_cb, NULL);
    atomic_store(&kicks, 0);
    pthread_create(&th, NULL, kicker_thread, NULL);
    main_loop_wait(-1);                              /* nothing else to wake us */
    pthread_join(th, NULL);
    CHECK(atomic_load(&kicks) >= 1);
    CHECK(host_clock_ns() - h0 >= 25000000);
    CHECK(host_clock_ns() - h0 < 2000000000);
    main_loop_set_kick_handler(NULL, NULL);
}

static void test_deadline_alarm(void)
{
    Timer *t = timer_new(note_cb, "x");
    int64_t h0;

    main_loop_set_kick_handler(kick_cb, NULL);
    main_loop_wait(0);                               /* arms the alarm */
    /* "Running guest code": the alarm kicks within the slice bound. */
    atomic_store(&kicks, 0);
    h0 = host_clock_ns();
    while (atomic_load(&kicks) == 0 && host_clock_ns() - h0 < 1000000000) {
    }
    CHECK(atomic_load(&kicks) >= 1);
    CHECK(host_clock_ns() - h0 < 100000000);
    /* A timer armed while running (2 ms away) gets its kick. */
    main_loop_wait(0);
    atomic_store(&kicks, 0);
    h0 = host_clock_ns();
    timer_mod(t, clock_get_ns() + 2000000);
    while (atomic_load(&kicks) == 0 && host_clock_ns() - h0 < 1000000000) {
    }
    CHECK(atomic_load(&kicks) >= 1);
    CHECK(host_clock_ns() - h0 < 50000000);
    timer_del(t);
    /* No kicks while the loop itself waits. */
    atomic_store(&kicks, 0);
    {
        Timer *w = timer_new(note_cb, "w");
        timer_mod(w, clock_get_ns() + 30000000);
        main_loop_wait(-1);
        CHECK_EQ(atomic_load(&kicks), 0);
        timer_free(w);
    }
    main_loop_set_kick_handler(NULL, NULL);
    timer_free(t);
}

/* vCPUs that start running before any main_loop_wait() still get kicked. */
static void test_alarm_before_first_wait(void)
{
    int64_t h0;

    atomic_store(&kicks, 0);
    main_loop_set_kick_handler(kick_cb, NULL);
    h0 = host_clock_ns();
    while (atomic_load(&kicks) == 0 && host_clock_ns() - h0 < 1000000000) {
    }
    CHECK(atomic_load(&kicks) >= 1);
    main_loop_set_kick_handler(NULL, NULL);
}

static void *late_kicker(void *arg)
{
    usleep(1500000);
    main_loop_kick();
    return NULL;
}

/* A timer already expired on entry may have woken a vCPU: no blocking. */
static void test_no_block_after_expired_timer(void)
{
    Timer *t = timer_new(note_cb, "e");
    pthread_t th;
    int64_t h0;

    pthread_create(&th, NULL, late_kicker, NULL);   /* rescue if it blocks */
    fired[0] = '\0';
    timer_mod(t, clock_get_ns() - 1);
    h0 = host_clock_ns();
    main_loop_wait(-1);
    CHECK(host_clock_ns() - h0 < 1000000000);
    CHECK_STREQ(fired, "e");
    pthread_join(th, NULL);
    main_loop_wait(0);                               /* eat the rescue kick */
    timer_free(t);
}

static void on_sigusr1(int sig) { main_loop_request_shutdown(3); }

static void test_requests(void)
{
    int code = -1;

    CHECK(!main_loop_shutdown_requested(&code));
    CHECK(!main_loop_reset_requested());
    main_loop_request_reset();
    CHECK(main_loop_reset_requested());
    CHECK(!main_loop_reset_requested());             /* cleared */
    signal(SIGUSR1, on_sigusr1);
    raise(SIGUSR1);
    main_loop_wait(-1);                              /* must not block */
    CHECK(main_loop_shutdown_requested(&code));
    CHECK_EQ(code, 3);
    main_loop_request_shutdown(7);                   /* first request wins */
    CHECK(main_loop_shutdown_requested(&code));
    CHECK_EQ(code, 3);
    CHECK(main_loop_shutdown_requested(NULL));
}

int main(void)
{
    RUN_TEST(test_clock_basic);
    RUN_TEST(test_timer_order);
    RUN_TEST(test_timer_rearm);
    RUN_TEST(test_timer_self_free);
    RUN_TEST(test_icount);
    RUN_TEST(test_main_loop_fd_and_timer);
    RUN_TEST(test_kick_wakes_poll);
    RUN_TEST(test_alarm_before_first_wait);
    RUN_TEST(test_deadline_alarm);
    RUN_TEST(test_no_block_after_expired_timer);
    RUN_TEST(test_requests);
    HARNESS_EXIT();
}
