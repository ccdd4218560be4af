/* M extension: mul/mulh/mulhsu/mulhu/div/divu/rem/remu and W forms, including
 * division by zero and INT_MIN / -1 (unprivileged spec, table "Semantics for
 * division by zero and division overflow"). */
#include "test.h"

#define RR(op, a, b, exp) li a0, a; li a1, b; op a2, a0, a1; CHECK(a2, exp)

    .text
    .globl test_main
test_main:
    RR(mul, 3, -7, -21)
    RR(mul, 0x8000000000000000, -1, 0x8000000000000000)
    RR(mul, 0x123456789abcdef0, 0x0fedcba987654321, 0x2236d88fe5618cf0)
    RR(mul, -1, -1, 1)
    RR(mulh, 0x123456789abcdef0, 0x0fedcba987654321, 0x0121fa00ad77d742)
    RR(mulh, -1, -1, 0)
    RR(mulh, -1, 1, -1)
    RR(mulh, 0x8000000000000000, 0x8000000000000000, 0x4000000000000000)
    RR(mulh, 0x8000000000000000, 0x7fffffffffffffff, 0xc000000000000000)
    RR(mulhu, -1, -1, 0xfffffffffffffffe)
    RR(mulhu, 0x8000000000000000, 2, 1)
    RR(mulhu, 0x123456789abcdef0, 0x0fedcba987654321, 0x0121fa00ad77d742)
    RR(mulhsu, -1, -1, -1)
    RR(mulhsu, -1, 1, -1)
    RR(mulhsu, 1, -1, 0)
    RR(mulhsu, 0x8000000000000000, 0xffffffffffffffff, 0x8000000000000000)
    RR(mulhsu, -2, 0x8000000000000000, -1)
    /* division rounds toward zero; remainder takes the dividend's sign */
    RR(div, 20, 6, 3)
    RR(div, -20, 6, -3)
    RR(div, 20, -6, -3)
    RR(div, -20, -6, 3)
    RR(rem, 20, 6, 2)
    RR(rem, -20, 6, -2)
    RR(rem, 20, -6, 2)
    RR(rem, -20, -6, -2)
    RR(divu, -20, 6, 0x2aaaaaaaaaaaaaa7)
    RR(remu, -20, 6, 2)
    RR(divu, 0x8000000000000000, 0x8000000000000001, 0)
    RR(remu, 0x8000000000000000, 0x8000000000000001, 0x8000000000000000)
    /* divide by zero */
    RR(div, 123, 0, -1)
    RR(div, -123, 0, -1)
    RR(divu, 123, 0, 0xffffffffffffffff)
    RR(rem, -123, 0, -123)
    RR(remu, 123, 0, 123)
    /* overflow */
    RR(div, 0x8000000000000000, -1, 0x8000000000000000)
    RR(rem, 0x8000000000000000, -1, 0)
    RR(divu, 0x8000000000000000, -1, 0)
    /* W forms: 32-bit operands, sign-extended 32-bit results */
    RR(mulw, 0x7fffffff, 2, 0xfffffffffffffffe)
    RR(mulw, 0x123456789, 0x100000002, 0x468acf12)
    RR(mulw, 0x10000, 0x8000, 0xffffffff80000000)
    RR(divw, 0xffffffff80000000, -1, 0xffffffff80000000)
    RR(divw, 0x80000000, 0xffffffff, 0xffffffff80000000)
    RR(remw, 0x80000000, -1, 0)
    RR(divw, -20, 6, -3)
    RR(divw, 0x1fffffff6, 3, -3)        /* low word -10 */
    RR(remw, -20, 6, -2)
    RR(divw, 5, 0, -1)
    RR(divw, 5, 0x100000000, -1)        /* low word of divisor is zero */
    RR(remw, 0x1fffffffb, 0, -5)
    RR(divuw, 5, 0, -1)
    RR(divuw, 0xffffffff, 2, 0x7fffffff)
    RR(divuw, 0x80000000, 1, 0xffffffff80000000)
    RR(divuw, 0x123456789abcdef0, 0x10, 0x09abcdef)
    RR(remuw, 0x80000007, 0, 0xffffffff80000007)
    RR(remuw, 0xfffffffe, 0x7fffffff, 0)
    RR(remuw, 0xffffffff, 0x10, 15)
    /* rd aliasing a source */
    li a0, 6
    li a1, 7
    mul a0, a0, a1
    CHECK(a0, 42)
    li a0, 100
    divu a0, a0, a0
    CHECK(a0, 1)
    mul x0, a1, a1
    CHECK(x0, 0)
    j test_pass
