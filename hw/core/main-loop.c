/*
 * The event loop: poll() over host fds plus a wake-up eventfd, the virtual
 * clock's timers, shutdown/reset requests, and the "deadline alarm".
 *
 * The vCPUs run in the main thread between calls to main_loop_wait().  To
 * get them back in time for the next timer deadline (or host input), a
 * helper thread sleeps until min(next deadline, now + MAIN_LOOP_MAX_SLICE_NS)
 * and then calls the kick handler, which only raises the vCPUs' exit flags
 * (generated code tests them at each TB entry).  The alarm is armed when
 * main_loop_wait() returns (the vCPUs are about to run) and disarmed when it
 * is entered, so it never fires while the loop itself is in charge.
 */
#define _GNU_SOURCE
#include "hw/core/main-loop.h"
#include "hw/core/timer.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

/* Longest the vCPUs run before the loop polls host fds again. */
#define MAIN_LOOP_MAX_SLICE_NS 5000000

typedef struct FdWatch {
    int fd;
    FdHandler *on_read;
    FdHandler *on_write;
    void *opaque;
} FdWatch;

static FdWatch *watches;
static size_t nr_watches, cap_watches;

static int wake_fd = -1;

/* Read by signal handlers and the alarm thread without a lock. */
static void (*_Atomic kick_handler)(void *opaque);
static void *_Atomic kick_opaque;

static volatile sig_atomic_t shutdown_req;
static volatile sig_atomic_t shutdown_code;
static volatile sig_atomic_t reset_req;

typedef struct IterHook {
    bool (*fn)(void *opaque);
    void *opaque;
} IterHook;

static IterHook *iter_hooks;
static size_t nr_iter_hooks;

/* ---- Deadline alarm ----------------------------------------------------- */

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
    bool started;
    bool failed;
    int64_t deadline;            /* host ns; INT64_MAX: disarmed */
    atomic_bool vcpus_running;
} alarm_state = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .deadline = INT64_MAX,
};

static void call_kick_handler(void)
{
    void (*fn)(void *) = atomic_load(&kick_handler);

    if (fn) {
        fn(atomic_load(&kick_opaque));
    }
}

static void *alarm_thread(void *arg)
{
    sigset_t all;

    /* Signals are for the main thread. */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    pthread_mutex_lock(&alarm_state.lock);
    for (;;) {
        int64_t deadline = alarm_state.deadline;

        if (deadline == INT64_MAX) {
            pthread_cond_wait(&alarm_state.cond, &alarm_state.lock);
        } else if (host_clock_ns() < deadline) {
            struct timespec ts = {
                .tv_sec = deadline / 1000000000,
                .tv_nsec = deadline % 1000000000,
            };
            pthread_cond_timedwait(&alarm_state.cond, &alarm_state.lock, &ts);
        } else {
            alarm_state.deadline = INT64_MAX;
            if (atomic_load(&alarm_state.vcpus_running)) {
                call_kick_handler();
            }
        }
    }
    return NULL;
}

static bool alarm_start(void)
{
    pthread_condattr_t attr;

    if (alarm_state.started || alarm_state.failed) {
        return alarm_state.started;
    }
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);   /* as host_clock_ns */
    pthread_cond_init(&alarm_state.cond, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&alarm_state.thread, NULL, alarm_thread, NULL) != 0) {
        alarm_state.failed = true;
        return false;
    }
    pthread_detach(alarm_state.thread);
    alarm_state.started = true;
    return true;
}

/* Host time at which the vCPUs should be back in the loop. */
static int64_t alarm_target(void)
{
    int64_t now = host_clock_ns();
    int64_t slice = MAIN_LOOP_MAX_SLICE_NS;
    int64_t deadline = timers_next_deadline();

    if (deadline != INT64_MAX && clock_icount_shift() < 0 && clock_is_running()) {
        int64_t until = deadline - clock_get_ns();
        slice = MAX(0, MIN(slice, until));
    }
    return now + slice;
}

static void alarm_arm(void)
{
    int64_t target;

    if (!kick_handler || !alarm_start()) {
        return;
    }
    target = alarm_target();
    pthread_mutex_lock(&alarm_state.lock);
    atomic_store(&alarm_state.vcpus_running, true);
    /* Only wake the thread if it must fire earlier than already planned;
       an early kick is harmless. */
    if (target < alarm_state.deadline) {
        alarm_state.deadline = target;
        pthread_cond_signal(&alarm_state.cond);
    }
    pthread_mutex_unlock(&alarm_state.lock);
}

static void alarm_disarm(void)
{
    atomic_store(&alarm_state.vcpus_running, false);
}

/* A timer became the earliest: if the vCPUs are running, fire sooner. */
static void deadline_moved(void *opaque)
{
    if (atomic_load(&alarm_state.vcpus_running)) {
        alarm_arm();
    }
}

/* ---- Setup -------------------------------------------------------------- */

static void main_loop_init(void)
{
    if (wake_fd >= 0) {
        return;
    }
    wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    timers_set_deadline_notify(deadline_moved, NULL);
}

void main_loop_set_kick_handler(void (*fn)(void *opaque), void *opaque)
{
    /* Never let a reader pair a handler with another handler's opaque:
       clear the handler first, publish the opaque before the new handler. */
    atomic_store(&kick_handler, NULL);
    if (fn) {
        atomic_store(&kick_opaque, opaque);
        atomic_store(&kick_handler, fn);
        /* The vCPUs may run before the first main_loop_wait(): arm now, or
           a guest that never leaves cpu_exec on its own never sees a timer. */
        alarm_arm();
    } else {
        alarm_disarm();
    }
}

void main_loop_add_iteration_hook(bool (*fn)(void *opaque), void *opaque)
{
    iter_hooks = xrealloc(iter_hooks, (nr_iter_hooks + 1) * sizeof(*iter_hooks));
    iter_hooks[nr_iter_hooks++] = (IterHook){ fn, opaque };
}

void main_loop_set_fd_handler(int fd, FdHandler *on_read, FdHandler *on_write, void *opaque)
{
    size_t i;

    main_loop_init();
    for (i = 0; i < nr_watches; i++) {
        if (watches[i].fd == fd) {
            break;
        }
    }
    if (!on_read && !on_write) {
        if (i < nr_watches) {
            watches[i] = watches[--nr_watches];
        }
        return;
    }
    if (i == nr_watches) {
        if (nr_watches == cap_watches) {
            cap_watches = cap_watches ? cap_watches * 2 : 8;
            watches = xrealloc(watches, cap_watches * sizeof(*watches));
        }
        nr_watches++;
    }
    watches[i] = (FdWatch){ fd, on_read, on_write, opaque };
}

/* Async-signal-safe: a flag store in the handler and an eventfd write. */
void main_loop_kick(void)
{
    uint64_t one = 1;

    call_kick_handler();
    if (wake_fd >= 0) {
        ssize_t r = write(wake_fd, &one, sizeof(one));
        (void)r;
    }
}

void main_loop_request_shutdown(int exit_code)
{
    if (!shutdown_req) {
        shutdown_code = exit_code;
        shutdown_req = 1;
    }
    main_loop_kick();
}

void main_loop_request_reset(void)
{
    reset_req = 1;
    main_loop_kick();
}

bool main_loop_shutdown_requested(int *exit_code)
{
    if (shutdown_req && exit_code) {
        *exit_code = shutdown_code;
    }
    return shutdown_req;
}

bool main_loop_reset_requested(void)
{
    bool r = reset_req;

    reset_req = 0;
    return r;
}

/* ---- One iteration ------------------------------------------------------ */

static int64_t poll_timeout(int64_t timeout_ns)
{
    int64_t deadline;

    if (timeout_ns == 0 || shutdown_req || reset_req) {
        return 0;
    }
    deadline = timers_next_deadline();
    if (deadline != INT64_MAX) {
        if (clock_icount_shift() >= 0) {
            /* Time only moves with instructions: nothing runs while we
               wait, so jump to the deadline (deterministic, like QEMU's
               icount without sleep). */
            if (timeout_ns < 0) {
                clock_warp_to(deadline);
                return 0;
            }
        } else if (clock_is_running()) {
            /* Read the clock once: MAX() evaluates its arguments twice, and a
               deadline passing in between gave a negative wait (forever). */
            int64_t until = deadline - clock_get_ns();
            until = MAX(0, until);
            timeout_ns = timeout_ns < 0 ? until : MIN(timeout_ns, until);
        }
    }
    return timeout_ns;
}

void main_loop_wait(int64_t timeout_ns)
{
    struct pollfd *pfds;
    FdWatch *snap;
    size_t n;
    int64_t t;
    int r;
    bool progress = false;

    main_loop_init();
    alarm_disarm();
    for (size_t i = 0; i < nr_iter_hooks; i++) {
        progress |= iter_hooks[i].fn(iter_hooks[i].opaque);
    }
    progress |= timers_run_expired();

    n = nr_watches;
    pfds = xmalloc((n + 1) * sizeof(*pfds));
    snap = xmalloc((n + 1) * sizeof(*snap));
    if (n) {
        memcpy(snap, watches, n * sizeof(*snap));
    }
    for (size_t i = 0; i < n; i++) {
        pfds[i].fd = snap[i].fd;
        pfds[i].events = (snap[i].on_read ? POLLIN : 0) | (snap[i].on_write ? POLLOUT : 0);
        pfds[i].revents = 0;
    }
    pfds[n] = (struct pollfd){ .fd = wake_fd, .events = POLLIN };

    /* Work done above may have woken a vCPU (an IRQ raised by a timer or
       by chardev input): do not sleep, let it run. */
    t = poll_timeout(progress ? 0 : timeout_ns);
    if (t < 0) {
        r = ppoll(pfds, n + 1, NULL, NULL);
    } else {
        struct timespec ts = { .tv_sec = t / 1000000000, .tv_nsec = t % 1000000000 };
        r = ppoll(pfds, n + 1, &ts, NULL);
    }
    if (r > 0) {
        if (pfds[n].revents & POLLIN) {
            uint64_t v;
            ssize_t rr = read(wake_fd, &v, sizeof(v));
            (void)rr;
        }
        for (size_t i = 0; i < n; i++) {
            short rev = pfds[i].revents;

            if (!rev) {
                continue;
            }
            /* A handler may have removed or replaced a later watch. */
            for (size_t j = 0; j < nr_watches; j++) {
                FdWatch w = watches[j];
                if (w.fd != snap[i].fd) {
                    continue;
                }
                if ((rev & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) && w.on_read) {
                    w.on_read(w.opaque);
                }
                if ((rev & (POLLOUT | POLLERR)) && w.on_write) {
                    /* Re-read: on_read may have changed the watch. */
                    for (size_t k = 0; k < nr_watches; k++) {
                        if (watches[k].fd == snap[i].fd && watches[k].on_write) {
                            watches[k].on_write(watches[k].opaque);
                            break;
                        }
                    }
                }
                break;
            }
        }
    }
    free(pfds);
    free(snap);
    timers_run_expired();
    alarm_arm();
}
