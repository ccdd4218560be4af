/* C extension: every RV64C instruction (explicit c.* mnemonics), mixed with 32-bit
 * instructions at 2-byte-aligned addresses, c.jalr links pc+2, c.ebreak traps
 * with mcause 3 and mepc at the c.ebreak. */
#include "test.h"

    .bss
    .balign 16
buf:    .space 1024
    .data
    .balign 8
cdata:  .dword 0x8877665544332211, 0xfedcba9876543210, 0x3ff8000000000000

    .text
    .option rvc
    .globl test_main
test_main:
    /* c.li / c.lui / c.addi / c.addiw / c.nop */
    c.li a0, -32;      CHECK(a0, -32)
    c.li a0, 31;       CHECK(a0, 31)
    c.lui a1, 0x1f;    CHECK(a1, 0x1f000)
    c.lui a1, 0xfffe0; CHECK(a1, 0xfffffffffffe0000)
    c.lui a1, 1;       CHECK(a1, 0x1000)
    c.addi a1, -1;     CHECK(a1, 0xfff)
    c.addi a1, 31;     CHECK(a1, 0x101e)
    c.nop
    li a2, 0x7fffffff
    c.addiw a2, 1;     CHECK(a2, 0xffffffff80000000)
    li a2, 0x1ffffffff
    c.addiw a2, 0;     CHECK(a2, -1)
    /* shifts and c.andi */
    li a3, 1
    c.slli a3, 63;     CHECK(a3, 0x8000000000000000)
    c.srai a3, 3;      CHECK(a3, 0xf000000000000000)
    c.srli a3, 60;     CHECK(a3, 0xf)
    li a4, -1
    c.andi a4, -32;    CHECK(a4, 0xffffffffffffffe0)
    c.andi a4, 31;     CHECK(a4, 0)
    li s0, 0x12345
    c.slli s0, 1;      CHECK(s0, 0x2468a)
    /* register-register forms */
    li a0, 100
    li a1, 42
    c.mv a2, a1;       CHECK(a2, 42)
    c.add a2, a0;      CHECK(a2, 142)
    c.sub a2, a1;      CHECK(a2, 100)
    li a3, 0xff00
    li a4, 0x0ff0
    mv a5, a3
    c.and a5, a4;      CHECK(a5, 0x0f00)
    mv a5, a3
    c.or a5, a4;       CHECK(a5, 0xfff0)
    mv a5, a3
    c.xor a5, a4;      CHECK(a5, 0xf0f0)
    li s1, 0x7fffffff
    li a0, 1
    c.addw s1, a0;     CHECK(s1, 0xffffffff80000000)
    li s1, 0
    c.subw s1, a0;     CHECK(s1, -1)
    li s1, 0x100000000
    c.subw s1, a0;     CHECK(s1, -1)
    mv t0, a0
    c.add t0, a1;      CHECK(t0, 43)        /* c.add/c.mv work on any register */
    c.mv t1, t0;       CHECK(t1, 43)

    /* loads and stores (CL/CS formats, x8-x15) */
    la s0, cdata
    c.lw a0, 0(s0);    CHECK(a0, 0x44332211)
    c.lw a0, 4(s0);    CHECK(a0, 0xffffffff88776655)
    c.ld a1, 8(s0);    CHECK(a1, 0xfedcba9876543210)
    c.fld fa0, 16(s0)
    CHECKF(fa0, 0x3ff8000000000000)
    la s1, buf
    li a2, 0x1122334455667788
    c.sd a2, 248(s1)
    c.sw a2, 124(s1)
    ld a3, 248(s1);    CHECK(a3, 0x1122334455667788)
    lwu a3, 124(s1);   CHECK(a3, 0x55667788)
    c.fsd fa0, 8(s1)
    ld a3, 8(s1);      CHECK(a3, 0x3ff8000000000000)
    c.ld a4, 248(s1);  CHECK(a4, 0x1122334455667788)

    /* stack-pointer forms */
    la sp, buf + 512
    c.addi16sp sp, -512
    la a0, buf
    CHECKR(sp, a0)
    c.addi16sp sp, 496
    addi a0, a0, 496
    CHECKR(sp, a0)
    c.addi16sp sp, -496
    c.addi4spn a1, sp, 1020
    addi a0, sp, 1020
    CHECKR(a1, a0)
    c.addi4spn a1, sp, 4
    addi a0, sp, 4
    CHECKR(a1, a0)
    li a2, 0xdeadbeefcafef00d
    c.sdsp a2, 504(sp)
    c.swsp a2, 252(sp)
    c.ldsp a3, 504(sp);   CHECK(a3, 0xdeadbeefcafef00d)
    c.lwsp a3, 252(sp);   CHECK(a3, 0xffffffffcafef00d)
    c.lwsp t2, 4(sp)
    ld a4, 504(sp);       CHECK(a4, 0xdeadbeefcafef00d)
    FLI_D(fa1, 0xc00c000000000000)
    c.fsdsp fa1, 256(sp)
    c.fldsp fa2, 256(sp)
    CHECKF(fa2, 0xc00c000000000000)
    ld a4, 256(sp);       CHECK(a4, 0xc00c000000000000)
    la sp, stack_top

    /* control flow: c.j, c.beqz, c.bnez, c.jr, c.jalr */
    c.j 1f
    FAIL_HERE()
1:  li a0, 0
    c.beqz a0, 2f
    FAIL_HERE()
2:  c.bnez a0, 3f
    j 4f
3:  FAIL_HERE()
4:  li a0, -1
    c.bnez a0, 5f
    FAIL_HERE()
5:  c.beqz a0, 6f
    j 7f
6:  FAIL_HERE()
7:  /* backward c.bnez loop */
    li a0, 5
    li a1, 0
8:  c.addi a1, 2
    c.addi a0, -1
    c.bnez a0, 8b
    CHECK(a1, 10)
    la t0, 9f
    c.jr t0
    FAIL_HERE()
9:  la t1, 11f
    c.jalr t1
10: j 12f
11: la t2, 10b
    CHECKR(ra, t2)                     /* link = address of c.jalr + 2 */
    c.jr ra
    FAIL_HERE()
12:
    /* 32-bit instructions at addresses that are 2 mod 4 */
    .balign 4
    c.nop
    li a0, 0x12345678                   /* starts at 2 mod 4 */
    addi a0, a0, 1
    CHECK(a0, 0x12345679)
    .balign 4
    c.nop
13: auipc a1, 0                         /* auipc at 2 mod 4 */
    la a2, 13b
    CHECKR(a1, a2)
    andi a2, a2, 3
    CHECK(a2, 2)
    /* jump to a 2-mod-4 target */
    la a0, 15f
    jalr a0
    j 16f
    .balign 4
    c.nop
15: ret
16:
    /* c.ebreak traps with mcause 3 (breakpoint), mepc = its own address */
    TRAP_ARM(18f)
17: c.ebreak
    FAIL_HERE()
18: CHECK_CAUSE(CAUSE_BREAKPOINT)
    CHECK_EPC(17b)
    j test_pass
