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
/* icount mode only: jump the clock forward to ns (used by the main loop
   while every vCPU sleeps, so that WFI reaches the next deadline). */
void clock_warp_to(int64_t ns);
bool clock_is_running(void);

Timer *timer_new(TimerCb *cb, void *opaque);
void timer_free(Timer *t);
void timer_mod(Timer *t, int64_t expire_ns);   /* (re)arm at absolute time */
void timer_del(Timer *t);
bool timer_pending(const Timer *t);
int64_t timer_expire_time(const Timer *t);     /* -1 if not pending */

/* Earliest pending deadline, or INT64_MAX. */
int64_t timers_next_deadline(void);
/* Run callbacks of expired timers; returns true if any ran.  A callback may
   re-arm, delete or free its own timer and arm others. */
bool timers_run_expired(void);
/* Called whenever the earliest deadline moves earlier (a timer became the
   head of the list); the main loop uses it to re-arm its host alarm. */
void timers_set_deadline_notify(void (*fn)(void *opaque), void *opaque);

#endif
