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

/* Ask running vCPUs to return to the loop soon (thread/signal safe). */
void main_loop_kick(void);

/*
 * One iteration: run due timers and fd handlers, waiting at most
 * timeout_ns (0: do not block; -1: until the next deadline).
 */
void main_loop_wait(int64_t timeout_ns);

/* Shutdown and reset requests (from devices, the console, signals). */
void main_loop_request_shutdown(int exit_code);
void main_loop_request_reset(void);
bool main_loop_shutdown_requested(int *exit_code);
bool main_loop_reset_requested(void);   /* clears the request */

#endif
