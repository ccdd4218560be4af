/* Boot hand-off as on QEMU's virt reset vector with -bios none -kernel ELF:
 * a0 = hartid = mhartid, a1 = flattened device tree in RAM (magic 0xd00dfeed,
 * version 17, whose strings block holds property names Linux needs),
 * a2 = fw_dynamic_info { magic "OSBI", version 2, next_addr = entry,
 * next_mode = 1 (S), options 0, boot_hart 0 }. */
#include "test.h"

/* big-endian 32-bit load: rd = be32(off(base)) */
#define LDBE32(rd, off, base) lwu rd, off(base); rev8 rd, rd; srli rd, rd, 32

    .text
    .globl test_main
test_main:
    mv s0, a0
    mv s1, a1
    mv s2, a2
    csrr t0, mhartid
    CHECKR(s0, t0)
    CHECK(s0, 0)
    /* DTB: in RAM, 8-byte aligned, header sane */
    li t0, 0x80000000
    bltu s1, t0, bad
    li t0, 0x90000000
    bgeu s1, t0, bad
    andi t0, s1, 7;             CHECK(t0, 0)
    LDBE32(t0, 0, s1);          CHECK(t0, 0xd00dfeed)
    LDBE32(t0, 20, s1);         CHECK(t0, 17)               /* version */
    LDBE32(s3, 4, s1)                                       /* totalsize */
    add t0, s1, s3
    li t1, 0x90000000
    bltu t1, t0, bad
    LDBE32(s4, 12, s1)                                      /* off_dt_strings */
    LDBE32(s5, 32, s1)                                      /* size_dt_strings */
    add s4, s4, s1
    la a0, str_isa
    call find_string;           CHECK(a0, 1)
    la a0, str_timebase
    call find_string;           CHECK(a0, 1)
    la a0, str_stdout
    call find_string;           CHECK(a0, 1)
    la a0, str_reg
    call find_string;           CHECK(a0, 1)
    la a0, str_nonexistent
    call find_string;           CHECK(a0, 0)
    /* fw_dynamic_info */
    ld t0, 0(s2);               CHECK(t0, 0x4942534f)
    ld t0, 8(s2);               CHECK(t0, 2)
    ld t0, 16(s2)
    la t1, _start
    CHECKR(t0, t1)
    ld t0, 24(s2);              CHECK(t0, 1)
    ld t0, 32(s2);              CHECK(t0, 0)
    ld t0, 40(s2);              CHECK(t0, 0)
    j test_pass
bad:
    FAIL_HERE()

/* a0 = NUL-terminated name; returns a0 = 1 if it is one of the strings in the
 * block [s4, s4 + s5), else 0 */
find_string:
    mv t0, s4                           /* start of the current string */
    add t3, s4, s5
1:  bgeu t0, t3, 4f
    mv t1, t0
    mv t2, a0
2:  lbu t4, 0(t1)
    lbu t5, 0(t2)
    bne t4, t5, 3f
    beqz t4, 5f                         /* both ended: match */
    addi t1, t1, 1
    addi t2, t2, 1
    j 2b
3:  lbu t4, 0(t0)                       /* skip to the next string */
    addi t0, t0, 1
    bnez t4, 3b
    j 1b
4:  li a0, 0
    ret
5:  li a0, 1
    ret

    .section .rodata
str_isa:        .asciz "riscv,isa"
str_timebase:   .asciz "timebase-frequency"
str_stdout:     .asciz "stdout-path"
str_reg:        .asciz "reg"
str_nonexistent: .asciz "no-such-property"
