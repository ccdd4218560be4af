/* The IR optimizer (in progress). */
#include "tcg/tcg.h"

void tcg_optimize(TCGContext *s)
{
    (void)s;
}
