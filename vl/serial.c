/*
 * The serial port's host side: -serial / -nographic to a chardev backend.
 * Without either, the console goes to mon:stdio: there is no graphical
 * display to host a virtual console.
 */
#include "vl/vl.h"
#include "hw/core/chardev.h"
#include "hw/core/machine.h"
#include "util/error.h"

static Chardev *serial_chr;

bool vl_serial_open(VlConfig *cfg, Machine *m, Error **errp)
{
    const char *spec = cfg->serial ? cfg->serial : "mon:stdio";

    m->serial = NULL;
    if (!strcmp(spec, "none")) {
        return true;                    /* QEMU: no serial port backend at all */
    }
    serial_chr = chardev_new_from_opt(spec, errp);
    if (!serial_chr) {
        error_prepend(errp, "-serial %s: ", spec);
        return false;
    }
    m->serial = serial_chr;
    return true;
}

void vl_serial_close(void)
{
    if (serial_chr) {
        chardev_free(serial_chr);       /* restores the terminal */
        serial_chr = NULL;
    }
}
