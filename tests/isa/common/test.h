/*
 * Common macros for the self-checking bare-metal ISA tests (tests/isa/).
 *
 * A test is one .S file that includes this header, defines `test_main`
 * (entered in M-mode with sp set, FPU enabled, mtvec = common trap handler)
 * and ends with `j test_pass`.  Registers t5 and t6 belong to the macros.
 *
 *   CHECK(reg, value)      fail unless reg == value (li-able constant)
 *   CHECKR(reg, reg2)      fail unless reg == reg2
 *   CHECKF(freg, bits)     fail unless the 64 raw bits of freg == bits
 *   CHECK_FLAGS(value)     fail unless fflags == value, then clear fflags
 *   FAIL_HERE()            unconditional failure (e.g. "a trap was expected")
 *   TRAP_ARM(label)        the next trap taken into M-mode is recorded in
 *                          trap_cause/trap_epc/trap_tval/trap_mstatus and
 *                          execution continues at label, in M-mode
 *   CHECK_TRAP(cause, tval) fail unless the recorded trap matches
 *
 * Checks are numbered 1, 2, ... in source order; a failure prints the check
 * number, the source line, the value found and the value expected on the UART
 * and exits through sifive_test with the check number as exit status (capped
 * at 251; 253 = unexpected S-mode trap, 254 = unexpected M-mode trap).
 */
#ifndef TESTS_ISA_TEST_H
#define TESTS_ISA_TEST_H

#define UART_BASE      0x10000000
#define SIFIVE_TEST    0x100000
#define CLINT_BASE     0x2000000
#define CLINT_MSIP     (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000)
#define CLINT_MTIME    (CLINT_BASE + 0xbff8)

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)

#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL          2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_ECALL_M          11
#define CAUSE_FETCH_PAGE       12
#define CAUSE_LOAD_PAGE        13
#define CAUSE_STORE_PAGE       15
#define INTR                   (1 << 63)

/* fflags bits */
#define FF_NX 1
#define FF_UF 2
#define FF_OF 4
#define FF_DZ 8
#define FF_NV 16

#ifdef __ASSEMBLER__

.set __chk, 0

.macro check_eq reg, val, line
    .set __chk, __chk + 1
    li t6, \val
    beq \reg, t6, .Lok\@
    mv a1, \reg
    mv a2, t6
    li a3, \line
    li a0, __chk
    j test_fail
.Lok\@:
.endm

.macro check_eqr reg, reg2, line
    .set __chk, __chk + 1
    beq \reg, \reg2, .Lok\@
    mv t6, \reg2
    mv a1, \reg
    mv a2, t6
    li a3, \line
    li a0, __chk
    j test_fail
.Lok\@:
.endm

.macro fail_here line
    .set __chk, __chk + 1
    li a3, \line
    li a0, __chk
    j test_fail_here
.endm

#define CHECK(reg, val)   check_eq reg, val, __LINE__
#define CHECKR(reg, reg2) check_eqr reg, reg2, __LINE__
#define CHECKF(freg, val) fmv.x.d t5, freg; check_eq t5, val, __LINE__
#define CHECKFS(freg, val) fmv.x.w t5, freg; check_eq t5, val, __LINE__
#define CHECK_FLAGS(val)  csrrw t5, fflags, x0; check_eq t5, val, __LINE__
#define FAIL_HERE()       fail_here __LINE__

/* Record the next M-mode trap and resume at label. */
#define TRAP_ARM(label)   la t6, label; la t5, trap_recover; sd t6, 0(t5)
#define CHECK_TRAP(cause, tval) \
    la t5, trap_cause; ld t5, 0(t5); check_eq t5, cause, __LINE__; \
    la t5, trap_tval; ld t5, 0(t5); check_eq t5, tval, __LINE__
#define CHECK_CAUSE(cause) \
    la t5, trap_cause; ld t5, 0(t5); check_eq t5, cause, __LINE__
#define CHECK_EPC(label) \
    la t5, trap_epc; ld t5, 0(t5); la t6, label; check_eqr t5, t6, __LINE__

/* Same for traps taken into S-mode through strap_entry (stvec). */
#define STRAP_ARM(label)  la t6, label; la t5, strap_recover; sd t6, 0(t5)
#define CHECK_SCAUSE(cause) \
    la t5, strap_cause; ld t5, 0(t5); check_eq t5, cause, __LINE__
#define CHECK_STVAL(tval) \
    la t5, strap_tval; ld t5, 0(t5); check_eq t5, tval, __LINE__
#define CHECK_SEPC(label) \
    la t5, strap_epc; ld t5, 0(t5); la t6, label; check_eqr t5, t6, __LINE__

/* Enter privilege mode `mode` (0 = U, 1 = S, 3 = M) at label via mret. */
#define MRET_TO(mode, label) \
    li t5, MSTATUS_MPP; csrc mstatus, t5; li t5, ((mode) << 11); csrs mstatus, t5; \
    la t5, label; csrw mepc, t5; mret

/* Load a 64-bit constant into an FP register (raw bits). */
#define FLI_D(freg, bits) li t5, bits; fmv.d.x freg, t5
#define FLI_S(freg, bits) li t5, bits; fmv.w.x freg, t5

#endif /* __ASSEMBLER__ */
#endif
