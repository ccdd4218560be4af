/*
 * Character devices: the host side of a UART (or any byte stream device).
 *
 * A backend is created from a -serial style spec:
 *   stdio        stdin/stdout; the terminal goes raw (Ctrl-C still signals)
 *   mon:stdio    the same with the Ctrl-A escapes (what -nographic uses):
 *                C-a x quit, C-a h help, C-a c monitor, C-a a / C-a C-a send C-a
 *   file:PATH    output to PATH (truncated), no input
 *   null         output discarded, no input
 *   pty          a new pseudo-terminal (its name is printed on stderr)
 * "mon:" may prefix any backend.  Input is read from the main loop and
 * handed to the frontend as fast as its can_receive() allows; the rest is
 * buffered (and the host fd is not read while the buffer is full).
 */
#ifndef HW_CORE_CHARDEV_H
#define HW_CORE_CHARDEV_H

#include "util/osdep.h"

typedef struct Error Error;
typedef struct Chardev Chardev;

/* How many bytes the frontend can take now (0: none). */
typedef int ChardevCanReceive(void *opaque);
typedef void ChardevReceive(void *opaque, const uint8_t *buf, int len);

Chardev *chardev_new_from_opt(const char *spec, Error **errp);
/* A backend on already open fds (fd_in -1: no input; fd_out -1: discard).
   The fds are not closed by chardev_free.  mux: Ctrl-A escapes. */
Chardev *chardev_new_fd(int fd_in, int fd_out, bool mux);
void chardev_free(Chardev *chr);

/* Write all of buf (blocking); returns len, or -1 on a host error. */
int chardev_write(Chardev *chr, const uint8_t *buf, int len);

/* The frontend's input callbacks (NULL can_receive: always ready). */
void chardev_set_handlers(Chardev *chr, ChardevCanReceive *can_receive,
                          ChardevReceive *receive, void *opaque);
/* The frontend can take input again (e.g. the guest emptied the FIFO). */
void chardev_accept_input(Chardev *chr);

#endif
