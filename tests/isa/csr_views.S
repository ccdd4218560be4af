/* Supervisor views and WARL fields of machine CSRs: sstatus is a masked view
 * of mstatus (M-only bits invisible and unaffected), UXL/SXL = 2, sie/sip are
 * mie/mip masked by mideleg, mip.STIP/SSIP writable from M, mip.MTIP/MSIP not
 * writable through the CSR, stval/mtval/sscratch hold any value (mepc/sepc
 * alignment: see csr_epc.S). */
#include "test.h"

    .text
    .globl test_main
test_main:
    /* XLEN fields */
    csrr a0, mstatus
    srli a1, a0, 32
    andi a1, a1, 0xf;           CHECK(a1, 0xa)          /* SXL = UXL = 2 */
    csrr a0, sstatus
    srli a1, a0, 32
    andi a1, a1, 3;             CHECK(a1, 2)            /* UXL */
    /* sstatus hides and protects the M-mode fields */
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPIE | MSTATUS_MPP_S
    csrs mstatus, t0
    li a0, -1
    csrw sstatus, a0
    csrr a1, mstatus
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    and a2, a1, t0;             CHECK(a2, MSTATUS_MPIE | MSTATUS_MPP_S)
    li t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
    and a2, a1, t0
    CHECKR(a2, t0)                                      /* S fields were written */
    csrr a1, sstatus
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV
    and a2, a1, t0;             CHECK(a2, 0)            /* M fields invisible */
    csrw sstatus, x0
    csrr a1, mstatus
    li t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
    and a2, a1, t0;             CHECK(a2, 0)
    li t0, MSTATUS_MPP
    and a2, a1, t0;             CHECK(a2, MSTATUS_MPP_S)
    li t0, (1 << 13)            /* sstatus cleared FS as well: turn the FPU back on */
    csrs mstatus, t0

    /* sie is mie & mideleg for the S bits */
    csrw mideleg, x0
    csrw mie, x0
    li a0, 0x222
    csrw sie, a0
    csrr a1, mie;               CHECK(a1, 0)
    csrr a1, sie;               CHECK(a1, 0)
    csrw mideleg, a0
    csrw sie, a0
    csrr a1, mie;               CHECK(a1, 0x222)
    csrr a1, sie;               CHECK(a1, 0x222)
    li t0, 0x888
    csrs mie, t0                                        /* M bits: not in sie */
    csrr a1, sie;               CHECK(a1, 0x222)
    csrw sie, x0
    csrr a1, mie;               CHECK(a1, 0x888)
    csrw mie, x0
    /* mip: SSIP/STIP writable by M (Sstc off), MTIP/MSIP are not */
    li t0, -1
    li t1, CLINT_MTIMECMP
    sd t0, 0(t1)                        /* no timer pending (reset value is 0) */
    csrw mip, x0
    li t0, 0x22
    csrs mip, t0
    csrr a1, mip
    andi a1, a1, 0xaa;          CHECK(a1, 0x22)
    csrr a1, sip
    andi a1, a1, 0x22;          CHECK(a1, 0x22)         /* delegated: visible */
    csrci sip, 2                                        /* S may clear SSIP */
    csrr a1, mip
    andi a1, a1, 0x22;          CHECK(a1, 0x20)
    li t0, 0x20
    csrc mip, t0
    li t0, 0x88
    csrs mip, t0
    csrr a1, mip
    andi a1, a1, 0x88;          CHECK(a1, 0)
    csrw mideleg, x0
    csrr a1, sip;               CHECK(a1, 0)

    /* tval and scratch registers hold any value */
    li a0, 0xfedcba9876543210
    csrw mtval, a0
    csrr a1, mtval;             CHECKR(a1, a0)
    csrw stval, a0
    csrr a1, stval;             CHECKR(a1, a0)
    csrw sscratch, a0
    csrr a1, sscratch;          CHECKR(a1, a0)
    j test_pass
