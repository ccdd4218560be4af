/*
 * Character device backends: stdio (raw terminal), mon:stdio escapes, file,
 * null, pty.  Input is read by main-loop fd handlers into a small buffer and
 * delivered respecting the frontend's can_receive.
 */
#define _GNU_SOURCE
#include "hw/core/chardev.h"
#include "hw/core/main-loop.h"
#include "util/error.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#define CHARDEV_INBUF 4096
#define ESCAPE_CHAR 0x01         /* Ctrl-A */

struct Chardev {
    int fd_in;                   /* -1: no input */
    int fd_out;                  /* -1: discard output */
    bool owns_fds;
    bool mux;                    /* Ctrl-A escapes */
    bool got_escape;
    bool drop_on_full;           /* pty: never block the guest */
    bool watching;               /* fd_in registered with the main loop */
    bool eof;
    ChardevCanReceive *can_receive;
    ChardevReceive *receive;
    void *opaque;
    uint8_t inbuf[CHARDEV_INBUF];
    size_t in_head, in_len;
    Chardev *next;
};

static Chardev *chardevs;
static bool hook_installed;
static bool stdio_in_use;

/* ---- Terminal state ----------------------------------------------------- */

static struct termios saved_tty;
static volatile sig_atomic_t tty_modified;

static void term_restore(void)
{
    if (tty_modified) {
        tcsetattr(0, TCSANOW, &saved_tty);
        tty_modified = 0;
    }
}

static void term_fatal_signal(int sig)
{
    term_restore();                              /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

static void term_set_raw(bool keep_signals)
{
    static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTERM,
                                 SIGHUP, SIGINT, SIGQUIT };
    struct termios tty;

    if (!isatty(0) || tcgetattr(0, &saved_tty) != 0) {
        return;
    }
    tty = saved_tty;
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!keep_signals) {
        tty.c_lflag &= ~ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    atexit(term_restore);
    /* Restore the terminal on fatal signals nobody else handles. */
    for (size_t i = 0; i < ARRAY_SIZE(fatal); i++) {
        struct sigaction old;
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
            signal(fatal[i], term_fatal_signal);
        }
    }
    tty_modified = 1;
    tcsetattr(0, TCSANOW, &tty);
}

/* ---- Output ------------------------------------------------------------- */

static int write_all(Chardev *chr, const uint8_t *buf, int len)
{
    int done = 0;

    if (chr->fd_out < 0) {
        return len;
    }
    while (done < len) {
        ssize_t n = write(chr->fd_out, buf + done, (size_t)(len - done));

        if (n > 0) {
            done += (int)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            struct pollfd p = { .fd = chr->fd_out, .events = POLLOUT };
            if (chr->drop_on_full) {
                return len;              /* nobody reads the pty: drop */
            }
            poll(&p, 1, -1);
        } else {
            return -1;
        }
    }
    return len;
}

int chardev_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len <= 0 ? 0 : write_all(chr, buf, len);
}

static void chardev_puts(Chardev *chr, const char *s)
{
    write_all(chr, (const uint8_t *)s, (int)strlen(s));
}

/* ---- Input -------------------------------------------------------------- */

static void chardev_read_ready(void *opaque);

static void chardev_update_watch(Chardev *chr)
{
    bool want = chr->fd_in >= 0 && !chr->eof && chr->in_len < CHARDEV_INBUF;

    if (want != chr->watching) {
        main_loop_set_fd_handler(chr->fd_in, want ? chardev_read_ready : NULL, NULL,
                                 want ? chr : NULL);
        chr->watching = want;
    }
}

static void chardev_deliver(Chardev *chr)
{
    while (chr->in_len && chr->receive) {
        int room = chr->can_receive ? chr->can_receive(chr->opaque) : INT_MAX;
        size_t n = MIN(chr->in_len, CHARDEV_INBUF - chr->in_head);

        if (room <= 0) {
            break;
        }
        size_t start = chr->in_head;

        n = MIN(n, (size_t)room);
        /* Consume first: the callback may come back into the chardev. */
        chr->in_head = (start + n) % CHARDEV_INBUF;
        chr->in_len -= n;
        chr->receive(chr->opaque, &chr->inbuf[start], (int)n);
    }
    if (!chr->in_len) {
        chr->in_head = 0;
    }
    chardev_update_watch(chr);
}

static void chardev_push(Chardev *chr, uint8_t b)
{
    if (chr->in_len < CHARDEV_INBUF) {
        chr->inbuf[(chr->in_head + chr->in_len++) % CHARDEV_INBUF] = b;
    }
}

static const char mux_help[] =
    "\r\n"
    "C-a h    print this help\r\n"
    "C-a x    exit emulator\r\n"
    "C-a c    switch between console and monitor\r\n"
    "C-a a    sends C-a\r\n"
    "C-a C-a  sends C-a\r\n";

/* Ctrl-A escapes, as QEMU's mux: the byte for the guest, or -1. */
static int mux_filter(Chardev *chr, uint8_t b)
{
    if (!chr->got_escape) {
        if (b == ESCAPE_CHAR) {
            chr->got_escape = true;
            return -1;
        }
        return b;
    }
    chr->got_escape = false;
    if (b != ESCAPE_CHAR && b != 'a') {
        chardev_deliver(chr);    /* earlier input first, then the command */
    }
    switch (b) {
    case ESCAPE_CHAR:
    case 'a':
        return ESCAPE_CHAR;
    case 'x':
        chardev_puts(chr, "vireo: terminated\r\n");
        main_loop_request_shutdown(0);
        break;
    case 'h':
    case '?':
        chardev_puts(chr, mux_help);
        break;
    case 'c':
        chardev_puts(chr, "\r\nmonitor not supported yet\r\n");
        break;
    default:
        break;                   /* unknown escapes are dropped, as in QEMU */
    }
    return -1;
}

static void chardev_read_ready(void *opaque)
{
    Chardev *chr = opaque;
    uint8_t buf[CHARDEV_INBUF];
    size_t room = CHARDEV_INBUF - chr->in_len;
    ssize_t n;

    if (room == 0) {
        chardev_update_watch(chr);
        return;
    }
    n = read(chr->fd_in, buf, room);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        /* EOF on a pipe or file (or a dead pty): stop reading, quietly. */
        chr->eof = true;
        chardev_update_watch(chr);
        return;
    }
    for (ssize_t i = 0; i < n; i++) {
        int c = chr->mux ? mux_filter(chr, buf[i]) : buf[i];

        if (c >= 0) {
            chardev_push(chr, (uint8_t)c);
        }
    }
    chardev_deliver(chr);
}

static bool chardev_iteration(void *opaque)
{
    bool delivered = false;

    for (Chardev *chr = chardevs; chr; chr = chr->next) {
        if (chr->in_len) {
            size_t before = chr->in_len;
            chardev_deliver(chr);
            delivered |= chr->in_len != before;
        }
    }
    return delivered;
}

void chardev_set_handlers(Chardev *chr, ChardevCanReceive *can_receive,
                          ChardevReceive *receive, void *opaque)
{
    chr->can_receive = can_receive;
    chr->receive = receive;
    chr->opaque = opaque;
}

void chardev_accept_input(Chardev *chr)
{
    /* Delivered from the next main-loop iteration, not from inside the
       frontend's register access. */
    if (chr->in_len) {
        main_loop_kick();
    }
}

/* ---- Creation ----------------------------------------------------------- */

static Chardev *chardev_alloc(int fd_in, int fd_out, bool mux, bool owns)
{
    Chardev *chr = XNEW(Chardev);

    chr->fd_in = fd_in;
    chr->fd_out = fd_out;
    chr->mux = mux;
    chr->owns_fds = owns;
    chr->next = chardevs;
    chardevs = chr;
    if (!hook_installed) {
        main_loop_add_iteration_hook(chardev_iteration, NULL);
        hook_installed = true;
    }
    chardev_update_watch(chr);
    return chr;
}

Chardev *chardev_new_fd(int fd_in, int fd_out, bool mux)
{
    return chardev_alloc(fd_in, fd_out, mux, false);
}

static Chardev *chardev_new_pty(bool mux, Error **errp)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    struct termios tty;
    const char *name;
    Chardev *chr;
    int slave;

    if (master < 0 || grantpt(master) || unlockpt(master) || !(name = ptsname(master))) {
        error_setg_errno(errp, errno, "cannot create a pty");
        if (master >= 0) {
            close(master);
        }
        return NULL;
    }
    /* Keep a slave fd open so the master never sees a hang-up. */
    slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave >= 0 && tcgetattr(slave, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(slave, TCSANOW, &tty);
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    fprintf(stderr, "char device redirected to %s\n", name);
    chr = chardev_alloc(master, master, mux, true);
    chr->drop_on_full = true;
    (void)slave;                 /* intentionally kept open for the process life */
    return chr;
}

Chardev *chardev_new_from_opt(const char *spec, Error **errp)
{
    bool mux = false;

    if (!spec) {
        error_setg(errp, "missing chardev specification");
        return NULL;
    }
    if (strncmp(spec, "mon:", 4) == 0) {
        mux = true;
        spec += 4;
    }
    if (strcmp(spec, "stdio") == 0) {
        if (stdio_in_use) {
            error_setg(errp, "cannot use stdio by multiple character devices");
            return NULL;
        }
        stdio_in_use = true;
        term_set_raw(!mux);
        return chardev_alloc(0, 1, mux, false);
    }
    if (strcmp(spec, "null") == 0 || strcmp(spec, "none") == 0) {
        return chardev_alloc(-1, -1, false, false);
    }
    if (strncmp(spec, "file:", 5) == 0) {
        const char *path = spec + 5;
        int fd;

        if (!*path) {
            error_setg(errp, "chardev 'file:' needs a path");
            return NULL;
        }
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0) {
            error_setg_errno(errp, errno, "cannot open '%s'", path);
            return NULL;
        }
        return chardev_alloc(-1, fd, false, true);
    }
    if (strcmp(spec, "pty") == 0) {
        return chardev_new_pty(mux, errp);
    }
    error_setg(errp, "unknown chardev backend '%s' (use stdio, mon:stdio, file:PATH, "
               "null or pty)", spec);
    return NULL;
}

void chardev_free(Chardev *chr)
{
    if (!chr) {
        return;
    }
    if (chr->watching) {
        main_loop_set_fd_handler(chr->fd_in, NULL, NULL, NULL);
    }
    for (Chardev **p = &chardevs; *p; p = &(*p)->next) {
        if (*p == chr) {
            *p = chr->next;
            break;
        }
    }
    if (chr->fd_in == 0 || chr->fd_out == 1) {
        stdio_in_use = false;
        term_restore();
    }
    if (chr->owns_fds) {
        if (chr->fd_in >= 0) {
            close(chr->fd_in);
        }
        if (chr->fd_out >= 0 && chr->fd_out != chr->fd_in) {
            close(chr->fd_out);
        }
    }
    free(chr);
}
