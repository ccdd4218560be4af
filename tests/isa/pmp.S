/* PMP: TOR, NA4 and NAPOT regions, R/W/X checks for S and U accesses (faults:
 * load 5, store 7, fetch 1, mtval = address), lowest-numbered matching entry
 * wins and must cover the whole access, M-mode ignores unlocked entries but obeys locked ones, MPRV applies
 * the MPP mode's PMP checks to M-mode loads/stores, locked entries ignore
 * writes.  Entry 15 is a catch-all RWX region. */
#include "test.h"

#define PMP_R     0x01
#define PMP_W     0x02
#define PMP_X     0x04
#define PMP_TOR   0x08
#define PMP_NA4   0x10
#define PMP_NAPOT 0x18
#define PMP_L     0x80

/* Run one instruction in mode (0 = U, 1 = S) and check the trap it ends with:
 * cause = CAUSE_ECALL_U/S when the access succeeded. */
#define IN_MODE(mode, cause, ...)             \
    TRAP_ARM(91f);                              \
    MRET_TO(mode, 92f);                         \
92: __VA_ARGS__;                                       \
    ecall;                                      \
91: CHECK_CAUSE(cause)

    .bss
    .balign 4096
pbuf: .space 8192

    .text
    .balign 4096
ufunc:                                  /* its own page, made non-executable */
    ecall
    .balign 4096

    .globl test_main
test_main:
    la s0, pbuf
    /* catch-all entry 15, everything else off */
    li t0, -1
    csrw pmpaddr15, t0
    li t0, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56
    csrw pmpcfg2, t0
    csrw pmpcfg0, x0
    /* entry 1: TOR [pbuf, pbuf + 4096) read-only (entry 0 is the lower bound) */
    srli t0, s0, 2
    csrw pmpaddr0, t0
    li t1, 4096
    add t1, s0, t1
    srli t1, t1, 2
    csrw pmpaddr1, t1
    /* entry 2: NA4 at pbuf + 4096, no access */
    csrw pmpaddr2, t1
    /* entry 3: NAPOT 256 bytes at pbuf + 4352, read-only */
    li t2, 4352
    add t2, s0, t2
    srli t2, t2, 2
    ori t2, t2, 0x1f
    csrw pmpaddr3, t2
    /* entry 4: NAPOT 4 KiB at ufunc, read-only (no X) */
    la t3, ufunc
    srli t3, t3, 2
    li t4, 0x1ff
    or t3, t3, t4
    csrw pmpaddr4, t3
    li t0, ((PMP_NAPOT | PMP_R) << 32) | ((PMP_NAPOT | PMP_R) << 24) | (PMP_NA4 << 16) | ((PMP_TOR | PMP_R) << 8)
    csrw pmpcfg0, t0
    csrr t1, pmpcfg0
    CHECKR(t1, t0)
    sfence.vma

    /* TOR: U may read, not write */
    IN_MODE(0, CAUSE_ECALL_U, ld a0, 8(s0))
    IN_MODE(0, CAUSE_STORE_ACCESS, sd a0, 8(s0))
    la t5, trap_tval; ld t5, 0(t5)
    addi t6, s0, 8
    CHECKR(t5, t6)
    IN_MODE(1, CAUSE_ECALL_S, lw a0, 2044(s0))
    IN_MODE(1, CAUSE_STORE_ACCESS, sb a0, 2047(s0))
    /* M-mode ignores unlocked entries */
    sd a0, 8(s0)
    /* NA4: the 4 bytes at pbuf + 4096 only */
    li t0, 4096
    add s1, s0, t0
    IN_MODE(0, CAUSE_LOAD_ACCESS, lw a0, 0(s1))
    la t5, trap_tval; ld t5, 0(t5)
    CHECKR(t5, s1)
    IN_MODE(0, CAUSE_ECALL_U, lw a0, 4(s1))
    IN_MODE(0, CAUSE_ECALL_U, sw a0, 4(s1))
    IN_MODE(1, CAUSE_STORE_ACCESS, sh a0, 2(s1))
    /* NAPOT 256 bytes read-only, boundaries included */
    addi s2, s1, 256
    IN_MODE(0, CAUSE_ECALL_U, ld a0, 0(s2))
    IN_MODE(0, CAUSE_STORE_ACCESS, sd a0, 0(s2))
    IN_MODE(0, CAUSE_STORE_ACCESS, sd a0, 248(s2))
    IN_MODE(0, CAUSE_ECALL_U, sd a0, 256(s2))
    IN_MODE(0, CAUSE_ECALL_U, sd a0, -8(s2))
    /* an AMO needs W (and R): store/AMO access fault */
    IN_MODE(0, CAUSE_STORE_ACCESS, amoadd.w a0, a0, (s2))
    /* no X: fetch access fault with mtval = the target */
    la s3, ufunc
    IN_MODE(0, CAUSE_FETCH_ACCESS, jalr s3)
    la t5, trap_tval; ld t5, 0(t5)
    CHECKR(t5, s3)
    IN_MODE(1, CAUSE_FETCH_ACCESS, jalr s3)
    /* M-mode may execute it (ufunc is a lone ecall) */
    TRAP_ARM(1f)
    jalr s3
    FAIL_HERE()
1:  CHECK_CAUSE(CAUSE_ECALL_M)
    /* lowest-numbered match wins: entry 0 (NA4 on pbuf + 8, RW) shadows entry 1 */
    csrr s4, pmpaddr0
    addi t0, s0, 8
    srli t0, t0, 2
    csrw pmpaddr0, t0
    li t0, PMP_NA4 | PMP_R | PMP_W
    csrs pmpcfg0, t0
    sfence.vma
    IN_MODE(0, CAUSE_ECALL_U, sw a0, 8(s0))
    IN_MODE(0, CAUSE_STORE_ACCESS, sw a0, 12(s0))
    /* an access matching only some bytes of the entry fails */
    IN_MODE(0, CAUSE_STORE_ACCESS, sd a0, 8(s0))
    li t0, 0xff
    csrc pmpcfg0, t0                    /* entry 0 off again */
    csrw pmpaddr0, s4
    sfence.vma
    /* MPRV: M-mode loads/stores checked as MPP's mode */
    li t0, MSTATUS_MPRV | MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPRV                 /* MPP = U */
    csrs mstatus, t0
    TRAP_ARM(2f)
    lw a0, 0(s1)
    FAIL_HERE()
2:  CHECK_CAUSE(CAUSE_LOAD_ACCESS)
    la t5, trap_tval; ld t5, 0(t5)
    CHECKR(t5, s1)
    /* the trap cleared nothing: MPRV still set, but MPP now = M, so allowed */
    csrr t0, mstatus
    li t1, MSTATUS_MPRV
    and t0, t0, t1
    beqz t0, 3f
    lw a0, 0(s1)
3:  li t0, MSTATUS_MPRV
    csrc mstatus, t0

    /* locked entry 5: NAPOT 1 KiB at pbuf + 6144, read-only, applies to M too
     * (entries 0-4 do not match there: a lower unlocked match would win) */
    li t0, 6144
    add s6, s0, t0
    srli t0, s6, 2
    ori t0, t0, 0x7f
    csrw pmpaddr5, t0
    li t0, (PMP_L | PMP_NAPOT | PMP_R) << 40
    csrs pmpcfg0, t0
    sfence.vma
    ld a0, 0(s6)                        /* M read OK */
    TRAP_ARM(4f)
    sd a0, 1016(s6)
    FAIL_HERE()
4:  CHECK_CAUSE(CAUSE_STORE_ACCESS)
    la t5, trap_tval; ld t5, 0(t5)
    addi t6, s6, 1016
    CHECKR(t5, t6)
    sd a0, 1024(s6)                     /* just past the region: fine */
    /* locked: writes to its cfg byte and address are ignored */
    csrr s5, pmpaddr5
    li t0, 0xff << 40
    csrc pmpcfg0, t0
    csrr t1, pmpcfg0
    srli t1, t1, 40
    andi t1, t1, 0xff;      CHECK(t1, PMP_L | PMP_NAPOT | PMP_R)
    csrw pmpaddr5, x0
    csrr t1, pmpaddr5
    CHECKR(t1, s5)
    j test_pass
