/*
 * Errors for the user: functions at the edges take Error **errp and set it
 * with error_setg(); the caller decides to report (one line, prefixed with the
 * program name) or to propagate.  Internal invariants use assert().
 */
#ifndef UTIL_ERROR_H
#define UTIL_ERROR_H

#include "util/osdep.h"

typedef struct Error Error;

/* Set *errp (if errp is not NULL and *errp is still NULL). */
void error_setg(Error **errp, const char *fmt, ...) PRINTF_FMT(2, 3);
/* Like error_setg, appending ": strerror(os_errno)". */
void error_setg_errno(Error **errp, int os_errno, const char *fmt, ...) PRINTF_FMT(3, 4);
/* Prepend "prefix" to an already-set error's message. */
void error_prepend(Error **errp, const char *fmt, ...) PRINTF_FMT(2, 3);
void error_propagate(Error **dst, Error *src);
const char *error_get_pretty(const Error *err);
void error_free(Error *err);

/* The program name used as prefix by error_report(); set once by main(). */
void error_set_progname(const char *name);
/* Print "progname: message\n" on stderr. */
void error_report(const char *fmt, ...) PRINTF_FMT(1, 2);
void error_report_err(Error *err);   /* reports and frees */
void warn_report(const char *fmt, ...) PRINTF_FMT(1, 2);

#endif
