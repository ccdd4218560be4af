/* Sv39: a page-table walk that reads non-existent memory raises an access fault
 * (load 5 / store 7 / fetch 1, mtval = the virtual address), not a page fault
 * (priv spec 4.3.2, step 2).  QEMU 7.2 raises a page fault: see XFAIL. */
#define LEVELS 3
#define SATP_MODE 8
#define PTW_FAULT_ONLY 1
#include "mmu_body.inc"
