/* Liveness analysis (in progress). */
#include "tcg/tcg.h"

void tcg_liveness_analysis(TCGContext *s)
{
    (void)s;
}
