/* Sv39: page tables with 3 levels (satp.MODE = 8), see common/mmu_body.inc for
 * what is covered: 4 KiB/2 MiB/top-level leaves, misaligned superpages,
 * permissions, U/SUM/MXR, A/D updates, MPRV, TVM, page vs access faults,
 * non-canonical addresses, reserved PTE bits, sfence.vma, code patched
 * through a second mapping + fence.i. */
#define LEVELS 3
#define SATP_MODE 8
#include "mmu_body.inc"
