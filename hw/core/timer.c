/*
 * The virtual clock and its timers.
 *
 * Without icount the clock is the host monotonic clock minus the time spent
 * stopped; with icount it is the number of executed instructions << shift
 * (plus warps to the next deadline while every vCPU sleeps).  Timers sit in a
 * list sorted by expiry; the head is the next deadline.
 */
#include "hw/core/timer.h"

struct Timer {
    TimerCb *cb;
    void *opaque;
    int64_t expire;              /* -1: not pending */
    Timer *next;
};

static struct {
    bool started;
    int64_t host_base;           /* host time at clock start */
    int64_t paused_total;        /* host ns spent stopped */
    int64_t paused_at;           /* host time of the last stop */
    bool running;
    int icount_shift;            /* -1: off */
    int64_t icount_ns;
} vclock = { .icount_shift = -1 };

static Timer *timer_list;
static void (*deadline_notify)(void *opaque);
static void *deadline_notify_opaque;

static void clock_start(void)
{
    if (!vclock.started) {
        vclock.started = true;
        vclock.running = true;
        vclock.host_base = host_clock_ns();
    }
}

static int64_t clock_host_based(void)
{
    int64_t host = vclock.running ? host_clock_ns() : vclock.paused_at;

    return host - vclock.host_base - vclock.paused_total;
}

int64_t clock_get_ns(void)
{
    clock_start();
    if (vclock.icount_shift >= 0) {
        return vclock.icount_ns;
    }
    return clock_host_based();
}

void clock_set_running(bool running)
{
    clock_start();
    if (running == vclock.running) {
        return;
    }
    if (running) {
        vclock.paused_total += host_clock_ns() - vclock.paused_at;
    } else {
        vclock.paused_at = host_clock_ns();
    }
    vclock.running = running;
}

bool clock_is_running(void)
{
    clock_start();
    return vclock.running;
}

void clock_set_icount(int shift)
{
    int64_t now = clock_get_ns();

    assert(shift >= -1 && shift < 32);
    if (shift >= 0 && vclock.icount_shift < 0) {
        vclock.icount_ns = now;                  /* continue from here */
    } else if (shift < 0 && vclock.icount_shift >= 0) {
        /* Back to host time without a jump. */
        vclock.paused_total = clock_host_based() + vclock.paused_total - now;
    }
    vclock.icount_shift = shift;
}

int clock_icount_shift(void)
{
    return vclock.icount_shift;
}

void clock_account_insns(int64_t n)
{
    if (vclock.icount_shift >= 0 && n > 0) {
        vclock.icount_ns += n << vclock.icount_shift;
    }
}

void clock_warp_to(int64_t ns)
{
    if (vclock.icount_shift >= 0 && ns > vclock.icount_ns && ns != INT64_MAX) {
        vclock.icount_ns = ns;
    }
}

/* ---- Timers ------------------------------------------------------------- */

void timers_set_deadline_notify(void (*fn)(void *opaque), void *opaque)
{
    deadline_notify = fn;
    deadline_notify_opaque = opaque;
}

Timer *timer_new(TimerCb *cb, void *opaque)
{
    Timer *t = XNEW(Timer);

    t->cb = cb;
    t->opaque = opaque;
    t->expire = -1;
    return t;
}

static void timer_unlink(Timer *t)
{
    for (Timer **p = &timer_list; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = NULL;
    t->expire = -1;
}

void timer_free(Timer *t)
{
    if (t) {
        timer_del(t);
        free(t);
    }
}

void timer_mod(Timer *t, int64_t expire_ns)
{
    Timer **p;

    if (expire_ns < 0) {
        expire_ns = 0;
    }
    if (t->expire >= 0) {
        timer_unlink(t);
    }
    t->expire = expire_ns;
    /* After the timers with the same expiry: they were armed first. */
    for (p = &timer_list; *p && (*p)->expire <= expire_ns; p = &(*p)->next) {
    }
    t->next = *p;
    *p = t;
    if (timer_list == t && deadline_notify) {
        deadline_notify(deadline_notify_opaque);
    }
}

void timer_del(Timer *t)
{
    if (t->expire >= 0) {
        timer_unlink(t);
    }
}

bool timer_pending(const Timer *t)
{
    return t->expire >= 0;
}

int64_t timer_expire_time(const Timer *t)
{
    return t->expire;
}

int64_t timers_next_deadline(void)
{
    return timer_list ? timer_list->expire : INT64_MAX;
}

bool timers_run_expired(void)
{
    int64_t now;
    bool ran = false;
    /* A callback that keeps re-arming in the past must not hang the loop:
       the rest waits for the next call. */
    int budget = 100000;

    if (!timer_list) {
        return false;
    }
    now = clock_get_ns();
    while (timer_list && timer_list->expire <= now && budget-- > 0) {
        Timer *t = timer_list;

        timer_list = t->next;
        t->next = NULL;
        t->expire = -1;
        t->cb(t->opaque);        /* may re-arm or free t */
        ran = true;
    }
    return ran;
}
