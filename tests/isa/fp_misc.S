/* F/D odds and ends: NaN-boxing of single values in 64-bit registers (flw and
 * fmv.w.x box; improperly boxed inputs read as the canonical NaN; fmv.x.w/fsw
 * ignore boxing), FP loads/stores, fmv.x.w sign extension, sticky fflags,
 * reserved rounding modes (static 5/6, dynamic with frm 5-7) are illegal,
 * mstatus.FS = Off makes FP instructions illegal, FP writes set FS = Dirty. */
#include "test.h"

    .data
    .balign 8
fdata: .dword 0xbff8000000000000, 0x40490fdb3f800000
    .bss
    .balign 8
fout: .space 32

    .text
    .globl test_main
test_main:
    la s0, fdata
    la s1, fout
    /* flw NaN-boxes, fld does not */
    flw f1, 8(s0);      CHECKF(f1, 0xffffffff3f800000)
    flw f2, 12(s0);     CHECKF(f2, 0xffffffff40490fdb)
    fld f3, 0(s0);      CHECKF(f3, 0xbff8000000000000)
    fsw f2, 0(s1)
    fsd f3, 8(s1)
    lwu a0, 0(s1);      CHECK(a0, 0x40490fdb)
    ld a0, 8(s1);       CHECK(a0, 0xbff8000000000000)
    /* fsw stores the low 32 bits even of an unboxed value */
    fsw f3, 16(s1)
    lwu a0, 16(s1);     CHECK(a0, 0)
    /* fmv.w.x boxes; fmv.x.w sign-extends the low 32 bits, no boxing check */
    li a0, 0x12345678bf800000
    fmv.w.x f4, a0;     CHECKF(f4, 0xffffffffbf800000)
    fmv.x.w a1, f4;     CHECK(a1, 0xffffffffbf800000)
    fmv.x.w a1, f3;     CHECK(a1, 0)
    FLI_D(f5, 0x00000000ffffffff)
    fmv.x.w a1, f5;     CHECK(a1, -1)
    fmv.x.d a1, f5;     CHECK(a1, 0x00000000ffffffff)
    CHECK_FLAGS(0)
    /* unboxed single inputs behave as the canonical NaN (quiet: no NV) */
    FLI_D(f5, 0x7fffffff3f800000)       /* not boxed: upper word not all ones */
    fadd.s f6, f5, f1;  CHECKF(f6, 0xffffffff7fc00000)
    CHECK_FLAGS(0)
    fclass.s a0, f5;    CHECK(a0, 0x200)
    feq.s a0, f5, f5;   CHECK(a0, 0)
    CHECK_FLAGS(0)
    fcvt.d.s f6, f5;    CHECKF(f6, 0x7ff8000000000000)
    fsgnj.s f6, f5, f4; CHECKF(f6, 0xffffffffffc00000)
    fsgnjn.s f6, f1, f5; CHECKF(f6, 0xffffffffbf800000)
    fmin.s f6, f5, f1;  CHECKF(f6, 0xffffffff3f800000)
    fcvt.w.s a0, f5, rtz; CHECK(a0, 0x7fffffff)
    CHECK_FLAGS(FF_NV)
    /* a double register read as single (fmv.d then .s op) */
    fmv.d f7, f3
    fmul.s f6, f7, f1;  CHECKF(f6, 0xffffffff7fc00000)
    /* single ops write boxed results */
    fadd.s f8, f1, f1;  CHECKF(f8, 0xffffffff40000000)
    /* fflags accumulate until cleared */
    csrw fflags, x0
    FLI_D(f9, 0x3ff0000000000000)
    FLI_D(f10, 0x4008000000000000)
    fdiv.d f11, f9, f10                 /* NX */
    FLI_D(f12, 0)
    fdiv.d f11, f9, f12                 /* DZ */
    fadd.d f11, f9, f9                  /* exact, nothing new */
    CHECK_FLAGS(FF_NX | FF_DZ)
    /* reserved rounding modes */
    TRAP_ARM(1f)
2:  .insn r 0x53, 5, 1, f1, f2, f3      /* fadd.d rm = 5 */
    FAIL_HERE()
1:  la t0, 2b
    lwu t0, 0(t0)
    CHECK_CAUSE(CAUSE_ILLEGAL)
    la t5, trap_tval; ld t5, 0(t5); CHECKR(t5, t0)
    TRAP_ARM(3f)
    .insn r 0x53, 6, 0, f1, f2, f3      /* fadd.s rm = 6 */
    FAIL_HERE()
3:  CHECK_CAUSE(CAUSE_ILLEGAL)
    li a0, 5
4:  csrw frm, a0
    TRAP_ARM(5f)
    fadd.d f1, f9, f10, dyn
    FAIL_HERE()
5:  CHECK_CAUSE(CAUSE_ILLEGAL)
    addi a0, a0, 1
    li t0, 8
    bne a0, t0, 4b
    /* frm = 7 but a static rounding mode: fine */
    fadd.d f1, f9, f10, rtz
    CHECKF(f1, 0x4010000000000000)
    csrw frm, x0
    /* instructions that do not round ignore an invalid frm */
    li a0, 7
    csrw frm, a0
    fsgnj.d f1, f9, f10
    CHECKF(f1, 0x3ff0000000000000)
    fmv.x.d a1, f10
    CHECK(a1, 0x4008000000000000)
    csrw frm, x0
    CHECK_FLAGS(0)

    /* FP writes make mstatus.FS Dirty (3) and SD set */
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, (1 << 13)                     /* Initial */
    csrs mstatus, t0
    fadd.d f1, f9, f9
    csrr a0, mstatus
    srli a1, a0, 13
    andi a1, a1, 3;     CHECK(a1, 3)
    srli a1, a0, 63;    CHECK(a1, 1)
    /* FS = Off: FP instructions and FP CSRs are illegal */
    li t0, MSTATUS_FS
    csrc mstatus, t0
    TRAP_ARM(6f)
    fadd.d f1, f9, f9
    FAIL_HERE()
6:  CHECK_CAUSE(CAUSE_ILLEGAL)
    TRAP_ARM(7f)
    fld f1, 0(s0)
    FAIL_HERE()
7:  CHECK_CAUSE(CAUSE_ILLEGAL)
    TRAP_ARM(8f)
    csrr a0, fflags
    FAIL_HERE()
8:  CHECK_CAUSE(CAUSE_ILLEGAL)
    TRAP_ARM(9f)
    fmv.x.d a0, f1
    FAIL_HERE()
9:  CHECK_CAUSE(CAUSE_ILLEGAL)
    li t0, (1 << 13)
    csrs mstatus, t0
    j test_pass
