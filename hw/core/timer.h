/*
 * The virtual clock (nanoseconds) and timers on it.  Devices read time only
 * from here.  Without -icount the virtual clock follows the host monotonic
 * clock while the machine runs; with -icount it advances with executed
 * instructions, making runs deterministic.
 */
#ifndef HW_CORE_TIMER_H
#define HW_CORE_TIMER_H

#include "util/osdep.h"

typedef void TimerCb(void *opaque);
typedef struct Timer Timer;

/* Virtual clock now, in ns since the machine started. */
int64_t clock_get_ns(void);
/* Stop/resume the virtual clock (e.g. while paused in the debugger). */
void clock_set_running(bool running);

/* -icount shift=N: 2^N ns per instruction; -1 disables. */
void clock_set_icount(int shift);
int clock_icount_shift(void);
/* Add executed instructions (icount mode only). */
void clock_account_insns(int64_t n);

Timer *timer_new(TimerCb *cb, void *opaque);
void timer_free(Timer *t);
void timer_mod(Timer *t, int64_t expire_ns);   /* (re)arm at absolute time */
void timer_del(Timer *t);
bool timer_pending(const Timer *t);
int64_t timer_expire_time(const Timer *t);     /* -1 if not pending */

/* Earliest pending deadline, or INT64_MAX. */
int64_t timers_next_deadline(void);
/* Run callbacks of expired timers; returns true if any ran. */
bool timers_run_expired(void);

#endif
