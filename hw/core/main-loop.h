/*
 * The event loop: host file descriptors watched with poll(), timers on the
 * virtual clock, and the vCPUs.  Single-threaded: the vCPUs run round-robin
 * in the main thread and return to the loop when their exit flag is raised
 * (by a deadline, an fd event or an interrupt).  When every vCPU is halted
 * (WFI) the loop sleeps in poll() until the next deadline: 0% host CPU.
 */
#ifndef HW_CORE_MAIN_LOOP_H
#define HW_CORE_MAIN_LOOP_H

#include "util/osdep.h"

typedef void FdHandler(void *opaque);

/* Watch fd for input (and/or output); handlers NULL to remove. */
void main_loop_set_fd_handler(int fd, FdHandler *on_read, FdHandler *on_write, void *opaque);

/* Ask running vCPUs to return to the loop soon (thread/signal safe): calls
   the kick handler and wakes a blocked main_loop_wait(). */
void main_loop_kick(void);

/*
 * The execution engine's way to leave guest code: fn(opaque) must only raise
 * flags (e.g. cpu_exit() on every vCPU) since it is called from signal
 * handlers and from the deadline-alarm thread.  That thread calls it when
 * the next timer deadline (or at most 5 ms) arrives while the vCPUs run,
 * i.e. between the return of main_loop_wait() and the next call.
 */
void main_loop_set_kick_handler(void (*fn)(void *opaque), void *opaque);

/* fn(opaque) runs at the start of every main_loop_wait() (chardev input
   delivery and similar deferred work); it returns true if it did something
   that may wake a vCPU, so that this iteration does not block. */
void main_loop_add_iteration_hook(bool (*fn)(void *opaque), void *opaque);

/*
 * One iteration: run due timers and fd handlers, waiting at most
 * timeout_ns (0: do not block; -1: until the next deadline).  It does not
 * block when timers expired on entry (their callbacks may have raised an
 * interrupt for a halted vCPU).  With -icount,
 * waiting for a deadline (-1) warps the virtual clock to it instead.
 */
void main_loop_wait(int64_t timeout_ns);

/* Shutdown and reset requests (from devices, the console, signals). */
void main_loop_request_shutdown(int exit_code);
void main_loop_request_reset(void);
bool main_loop_shutdown_requested(int *exit_code);
bool main_loop_reset_requested(void);   /* clears the request */

#endif
