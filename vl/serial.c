/*
 * The serial port's host side: -serial / -nographic to a chardev backend.
 */
#include "vl/vl.h"
#include "hw/core/machine.h"
#include "util/error.h"

bool vl_serial_open(VlConfig *cfg, Machine *m, Error **errp)
{
    /* Until the chardev layer lands the UART output is dropped. */
    m->serial = NULL;
    return true;
}

void vl_serial_close(void)
{
}
