/*
 * vireo-riscv64: parse the command line, build the machine, run it.
 */
#include "vl/vl.h"
#include "util/error.h"
#include "util/log.h"

int main(int argc, char **argv)
{
    VlConfig cfg;
    Error *err = NULL;
    int status;

    error_set_progname(VL_PROGNAME);
    if (!vl_parse_args(&cfg, argc, argv, &err)) {
        error_report_err(err);
        vl_config_free(&cfg);
        return 1;
    }
    if (cfg.exit_now) {
        fflush(stdout);
        vl_config_free(&cfg);
        return 0;
    }
    status = vl_run(&cfg);
    vl_config_free(&cfg);
    fflush(stdout);
    return status;
}
