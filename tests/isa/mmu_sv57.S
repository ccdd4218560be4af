/* Sv57: page tables with 5 levels (satp.MODE = 10), see common/mmu_body.inc for
 * what is covered: 4 KiB/2 MiB/top-level leaves, misaligned superpages,
 * permissions, U/SUM/MXR, A/D updates, MPRV, TVM, page vs access faults,
 * non-canonical addresses, reserved PTE bits, sfence.vma, code patched
 * through a second mapping + fence.i. */
#define LEVELS 5
#define SATP_MODE 10
#include "mmu_body.inc"
