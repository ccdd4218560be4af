/*
 * The interpreter's executor: a direct-threaded loop over the pre-decoded
 * code described in tcg/interp/interp.h.
 *
 * Semantics of every handler follow tcg/tcg.h exactly (RISC-V division
 * rules, shift counts modulo the width); i32 values are the low 4 bytes of
 * their slots.
 */
#include "tcg/interp/interp.h"
#include "accel/cpu.h"

/* The softmmu slow paths live in accel/cputlb.c; referenced weakly so that
   unit tests can run the interpreter without linking the engine (they
   provide their own when they exercise the slow path). */
extern uint64_t helper_ld_slow(CPUState *cpu, vaddr addr, MemOpIdx oi, uintptr_t retaddr)
    __attribute__((weak));
extern void helper_st_slow(CPUState *cpu, vaddr addr, uint64_t val, MemOpIdx oi,
                           uintptr_t retaddr) __attribute__((weak));

typedef uint64_t (*HelperFn0)(void);
typedef uint64_t (*HelperFn1)(uint64_t);
typedef uint64_t (*HelperFn2)(uint64_t, uint64_t);
typedef uint64_t (*HelperFn3)(uint64_t, uint64_t, uint64_t);
typedef uint64_t (*HelperFn4)(uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*HelperFn5)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*HelperFn6)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef void (*HelperVFn0)(void);
typedef void (*HelperVFn1)(uint64_t);
typedef void (*HelperVFn2)(uint64_t, uint64_t);
typedef void (*HelperVFn3)(uint64_t, uint64_t, uint64_t);
typedef void (*HelperVFn4)(uint64_t, uint64_t, uint64_t, uint64_t);
typedef void (*HelperVFn5)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef void (*HelperVFn6)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

static inline uint64_t ld_host(const void *p, unsigned size)
{
    switch (size) {
    case 0: { uint8_t v; memcpy(&v, p, 1); return v; }
    case 1: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 2: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static inline void st_host(void *p, unsigned size, uint64_t v)
{
    switch (size) {
    case 0: { uint8_t x = v; memcpy(p, &x, 1); break; }
    case 1: { uint16_t x = v; memcpy(p, &x, 2); break; }
    case 2: { uint32_t x = v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

static inline uint64_t bswap_size(uint64_t v, unsigned size)
{
    switch (size) {
    case 0: return v;
    case 1: return __builtin_bswap16((uint16_t)v);
    case 2: return __builtin_bswap32((uint32_t)v);
    default: return __builtin_bswap64(v);
    }
}

/* Sign or zero extend a loaded value according to the memop. */
static inline uint64_t ld_extend(uint64_t v, MemOp mop)
{
    unsigned bits = 8u << (mop & MO_SIZE);

    if (bits == 64) {
        return v;
    }
    if (mop & MO_SIGN) {
        return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    }
    return v & ((1ull << bits) - 1);
}

/* The inline TLB probe, as the JIT does it: the entry for addr's page in
   the mmu_idx table, compared against the page of the access's last byte
   (so a page-crossing access misses) and, with MO_ALIGN, the low bits. */
static inline void *tlb_probe_fast(CPUState *cpu, uint64_t addr, MemOpIdx oi, bool store)
{
    MemOp mop = get_memop(oi);
    const CPUTLBDescFast *f = &cpu->tlb_fast[get_mmuidx(oi)];
    uint64_t size = memop_size(mop);
    uint64_t a_mask = (mop & MO_ALIGN) ? size - 1 : 0;
    uintptr_t off = (uintptr_t)(addr >> (TARGET_PAGE_BITS - CPU_TLB_ENTRY_BITS)) & f->mask;
    const CPUTLBEntry *e = (const CPUTLBEntry *)((uintptr_t)f->table + off);
    uint64_t cmp = store ? e->addr_write : e->addr_read;

    if (f->table && ((addr + size - 1 - a_mask) & (TARGET_PAGE_MASK | a_mask)) == cmp) {
        return (void *)(uintptr_t)(addr + e->addend);
    }
    return NULL;
}

uintptr_t interp_run(CPUState *cpu, const uint64_t *pc, const void *const **table)
{
#define H(n) &&L_##n,
    static const void *const handlers[IH_COUNT] = { INTERP_HANDLERS(H) };
#undef H
    uint64_t frame[TCG_MAX_TEMPS];
    uintptr_t bases[4];

    if (!cpu) {
        *table = handlers;
        return 0;
    }
    tcg_interp_retaddr = 0;
    frame[0] = (uintptr_t)cpu;
    bases[IB_ENV] = (uintptr_t)cpu;
    bases[IB_FRAME] = (uintptr_t)frame;
    bases[IB_ABS] = 0;
    bases[3] = 0;

#define SLOT(w) ((void *)(bases[(w) & 3] + (uintptr_t)((int64_t)(w) >> 2)))
#define R64(w) (*(const uint64_t *)SLOT(w))
#define R32(w) (*(const uint32_t *)SLOT(w))
#define W64(w, v) (*(uint64_t *)SLOT(w) = (uint64_t)(v))
#define W32(w, v) (*(uint32_t *)SLOT(w) = (uint32_t)(v))
#define NEXT(n) do { pc += (n); goto *(const void *)pc[0]; } while (0)

    goto *(const void *)pc[0];

    /* ---- Binary ops: [H, d, a, b] ---- */
#define BIN64(name, expr) \
    L_##name##_64: { uint64_t a = R64(pc[2]), b = R64(pc[3]); W64(pc[1], (expr)); NEXT(4); }
#define BIN32(name, expr) \
    L_##name##_32: { uint32_t a = R32(pc[2]), b = R32(pc[3]); W32(pc[1], (expr)); NEXT(4); }
#define BIN(name, expr) BIN64(name, expr) BIN32(name, expr)
    /* immediate forms: b is the inline word */
#define BINI64(name, expr) \
    L_##name##_64: { uint64_t a = R64(pc[2]), b = pc[3]; W64(pc[1], (expr)); NEXT(4); }
#define BINI32(name, expr) \
    L_##name##_32: { uint32_t a = R32(pc[2]), b = (uint32_t)pc[3]; W32(pc[1], (expr)); NEXT(4); }
#define BINI(name, expr) BINI64(name, expr) BINI32(name, expr)
L_movi_64: { W64(pc[1], pc[2]); NEXT(3); }
L_movi_32: { W32(pc[1], pc[2]); NEXT(3); }
    BINI(addi, a + b)
    BINI(muli, a * b)
    BINI(andi, a & b)
    BINI(ori, a | b)
    BINI(xori, a ^ b)
    BINI(shli, a << b)
    BINI(shri, a >> b)
    BINI64(sari, (uint64_t)((int64_t)a >> b))
    BINI32(sari, (uint32_t)((int32_t)a >> b))

    BIN(add, a + b)
    BIN(sub, a - b)
    BIN(mul, a * b)
    BIN(and, a & b)
    BIN(or, a | b)
    BIN(xor, a ^ b)
    BIN(andc, a & ~b)
    BIN(orc, a | ~b)
    BIN(eqv, ~(a ^ b))
    BIN64(shl, a << (b & 63))
    BIN32(shl, a << (b & 31))
    BIN64(shr, a >> (b & 63))
    BIN32(shr, a >> (b & 31))
    BIN64(sar, (uint64_t)((int64_t)a >> (b & 63)))
    BIN32(sar, (uint32_t)((int32_t)a >> (b & 31)))
    BIN64(rotl, (a << (b & 63)) | (a >> ((64 - b) & 63)))
    BIN32(rotl, (a << (b & 31)) | (a >> ((32 - b) & 31)))
    BIN64(rotr, (a >> (b & 63)) | (a << ((64 - b) & 63)))
    BIN32(rotr, (a >> (b & 31)) | (a << ((32 - b) & 31)))
    BIN64(clz, a ? (uint64_t)__builtin_clzll(a) : b)
    BIN32(clz, a ? (uint32_t)__builtin_clz(a) : b)
    BIN64(ctz, a ? (uint64_t)__builtin_ctzll(a) : b)
    BIN32(ctz, a ? (uint32_t)__builtin_ctz(a) : b)
    BIN64(mulsh, (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64))
    BIN32(mulsh, (uint32_t)(((int64_t)(int32_t)a * (int32_t)b) >> 32))
    BIN64(muluh, (uint64_t)(((unsigned __int128)a * b) >> 64))
    BIN32(muluh, (uint32_t)(((uint64_t)a * b) >> 32))
    BIN64(div, b == 0 ? ~0ull
               : ((int64_t)a == INT64_MIN && (int64_t)b == -1) ? a
               : (uint64_t)((int64_t)a / (int64_t)b))
    BIN32(div, b == 0 ? ~0u
               : ((int32_t)a == INT32_MIN && (int32_t)b == -1) ? a
               : (uint32_t)((int32_t)a / (int32_t)b))
    BIN64(divu, b == 0 ? ~0ull : a / b)
    BIN32(divu, b == 0 ? ~0u : a / b)
    BIN64(rem, b == 0 ? a
               : ((int64_t)a == INT64_MIN && (int64_t)b == -1) ? 0
               : (uint64_t)((int64_t)a % (int64_t)b))
    BIN32(rem, b == 0 ? a
               : ((int32_t)a == INT32_MIN && (int32_t)b == -1) ? 0
               : (uint32_t)((int32_t)a % (int32_t)b))
    BIN64(remu, b == 0 ? a : a % b)
    BIN32(remu, b == 0 ? a : a % b)

    /* ---- Unary ops: [H, d, a] ---- */
#define UN64(name, expr) L_##name##_64: { uint64_t a = R64(pc[2]); W64(pc[1], (expr)); NEXT(3); }
#define UN32(name, expr) L_##name##_32: { uint32_t a = R32(pc[2]); W32(pc[1], (expr)); NEXT(3); }
#define UN(name, expr) UN64(name, expr) UN32(name, expr)

    UN(mov, a)
    UN(neg, -a)
    UN(not, ~a)
    UN64(ctpop, (uint64_t)__builtin_popcountll(a))
    UN32(ctpop, (uint32_t)__builtin_popcount(a))
    UN(bswap16, ((a & 0xff) << 8) | ((a >> 8) & 0xff))
    UN(bswap32, __builtin_bswap32((uint32_t)a))
    UN64(bswap64, __builtin_bswap64(a))
    UN32(bswap64, __builtin_bswap32(a))
    UN64(ext8s, (uint64_t)(int64_t)(int8_t)a)
    UN32(ext8s, (uint32_t)(int32_t)(int8_t)a)
    UN(ext8u, (uint8_t)a)
    UN64(ext16s, (uint64_t)(int64_t)(int16_t)a)
    UN32(ext16s, (uint32_t)(int32_t)(int16_t)a)
    UN(ext16u, (uint16_t)a)
    UN64(ext32s, (uint64_t)(int64_t)(int32_t)a)
    UN32(ext32s, a)
    UN64(ext32u, (uint32_t)a)
    UN32(ext32u, a)

    /* ---- Width changes: [H, d, a] ---- */
L_ext_i32_i64: { W64(pc[1], (int64_t)(int32_t)R32(pc[2])); NEXT(3); }
L_extu_i32_i64: { W64(pc[1], (uint64_t)R32(pc[2])); NEXT(3); }
L_extrl_i64_i32: { W32(pc[1], (uint32_t)R64(pc[2])); NEXT(3); }
L_extrh_i64_i32: { W32(pc[1], (uint32_t)(R64(pc[2]) >> 32)); NEXT(3); }

    /* ---- Bit fields: [H, d, a, ofs, len] / [H, d, a, b, ofs, len] ---- */
L_extract_64: {
        unsigned ofs = pc[3], len = pc[4];
        W64(pc[1], (R64(pc[2]) >> ofs) & (~0ull >> (64 - len)));
        NEXT(5);
    }
L_extract_32: {
        unsigned ofs = pc[3], len = pc[4];
        W32(pc[1], ((uint64_t)R32(pc[2]) >> ofs) & (~0ull >> (64 - len)));
        NEXT(5);
    }
L_sextract_64: {
        unsigned ofs = pc[3], len = pc[4];
        W64(pc[1], (int64_t)(R64(pc[2]) << (64 - ofs - len)) >> (64 - len));
        NEXT(5);
    }
L_sextract_32: {
        unsigned ofs = pc[3], len = pc[4];
        W32(pc[1], (int64_t)((uint64_t)R32(pc[2]) << (64 - ofs - len)) >> (64 - len));
        NEXT(5);
    }
L_deposit_64: {
        unsigned ofs = pc[4], len = pc[5];
        uint64_t mask = (~0ull >> (64 - len)) << ofs;
        W64(pc[1], (R64(pc[2]) & ~mask) | ((R64(pc[3]) << ofs) & mask));
        NEXT(6);
    }
L_deposit_32: {
        unsigned ofs = pc[4], len = pc[5];
        uint64_t mask = (~0ull >> (64 - len)) << ofs;
        W32(pc[1], (R32(pc[2]) & ~mask) | (((uint64_t)R32(pc[3]) << ofs) & mask));
        NEXT(6);
    }

    /* ---- Host memory: [H, d/v, base, off] ---- */
#define LDH(name, T, W) \
    L_##name: { T v_; memcpy(&v_, (const void *)(uintptr_t)(R64(pc[2]) + pc[3]), sizeof(T)); \
                W(pc[1], v_); NEXT(4); }
    LDH(ld8u_64, uint8_t, W64) LDH(ld8u_32, uint8_t, W32)
    LDH(ld8s_64, int8_t, W64) LDH(ld8s_32, int8_t, W32)
    LDH(ld16u_64, uint16_t, W64) LDH(ld16u_32, uint16_t, W32)
    LDH(ld16s_64, int16_t, W64) LDH(ld16s_32, int16_t, W32)
    LDH(ld32u_64, uint32_t, W64) LDH(ld32u_32, uint32_t, W32)
    LDH(ld32s_64, int32_t, W64) LDH(ld32s_32, int32_t, W32)
    LDH(ld_64, uint64_t, W64) LDH(ld_32, uint32_t, W32)
#define STH(name, T, R) \
    L_##name: { T v_ = (T)R(pc[1]); \
                memcpy((void *)(uintptr_t)(R64(pc[2]) + pc[3]), &v_, sizeof(T)); NEXT(4); }
    STH(st8_64, uint8_t, R64) STH(st8_32, uint8_t, R32)
    STH(st16_64, uint16_t, R64) STH(st16_32, uint16_t, R32)
    STH(st32_64, uint32_t, R64) STH(st32_32, uint32_t, R32)
    STH(st_64, uint64_t, R64) STH(st_32, uint32_t, R32)

    /* ---- Conditions: setcond [H, d, a, b]; movcond [H, d, a, b, v1, v2];
            brcond [H, a, b, target] ---- */
#define COND(c, e64, e32)                                                      \
    L_setcond_##c##_64: { uint64_t a = R64(pc[2]), b = R64(pc[3]);             \
        W64(pc[1], (e64)); NEXT(4); }                                          \
    L_setcond_##c##_32: { uint32_t a = R32(pc[2]), b = R32(pc[3]);             \
        W32(pc[1], (e32)); NEXT(4); }                                          \
    L_movcond_##c##_64: { uint64_t a = R64(pc[2]), b = R64(pc[3]);             \
        W64(pc[1], (e64) ? R64(pc[4]) : R64(pc[5])); NEXT(6); }                \
    L_movcond_##c##_32: { uint32_t a = R32(pc[2]), b = R32(pc[3]);             \
        W32(pc[1], (e32) ? R32(pc[4]) : R32(pc[5])); NEXT(6); }                \
    L_brcond_##c##_64: { uint64_t a = R64(pc[1]), b = R64(pc[2]);              \
        if (e64) { pc = (const uint64_t *)(uintptr_t)pc[3];                    \
                   goto *(const void *)pc[0]; } NEXT(4); }                     \
    L_brcond_##c##_32: { uint32_t a = R32(pc[1]), b = R32(pc[2]);              \
        if (e32) { pc = (const uint64_t *)(uintptr_t)pc[3];                    \
                   goto *(const void *)pc[0]; } NEXT(4); }
#define CONDI(c, e64, e32)                                                     \
    L_setcondi_##c##_64: { uint64_t a = R64(pc[2]), b = pc[3];                 \
        W64(pc[1], (e64)); NEXT(4); }                                          \
    L_setcondi_##c##_32: { uint32_t a = R32(pc[2]), b = (uint32_t)pc[3];       \
        W32(pc[1], (e32)); NEXT(4); }                                          \
    L_brcondi_##c##_64: { uint64_t a = R64(pc[1]), b = pc[2];                  \
        if (e64) { pc = (const uint64_t *)(uintptr_t)pc[3];                    \
                   goto *(const void *)pc[0]; } NEXT(4); }                     \
    L_brcondi_##c##_32: { uint32_t a = R32(pc[1]), b = (uint32_t)pc[2];        \
        if (e32) { pc = (const uint64_t *)(uintptr_t)pc[3];                    \
                   goto *(const void *)pc[0]; } NEXT(4); }
#define CONDS(c, e64, e32) COND(c, e64, e32) CONDI(c, e64, e32)
    CONDS(eq, a == b, a == b)
    CONDS(ne, a != b, a != b)
    CONDS(lt, (int64_t)a < (int64_t)b, (int32_t)a < (int32_t)b)
    CONDS(ge, (int64_t)a >= (int64_t)b, (int32_t)a >= (int32_t)b)
    CONDS(le, (int64_t)a <= (int64_t)b, (int32_t)a <= (int32_t)b)
    CONDS(gt, (int64_t)a > (int64_t)b, (int32_t)a > (int32_t)b)
    CONDS(ltu, a < b, a < b)
    CONDS(geu, a >= b, a >= b)
    CONDS(leu, a <= b, a <= b)
    CONDS(gtu, a > b, a > b)

    /* ---- Guest memory: [H, d/v, addr, oi] ---- */
#define QEMU_LD(addr_expr, oi_word, len) {                                      \
        uint64_t addr = (addr_expr), v;                                        \
        MemOpIdx oi = (MemOpIdx)pc[oi_word];                                   \
        MemOp mop = get_memop(oi);                                             \
        void *host = tlb_probe_fast(cpu, addr, oi, false);                     \
        if (likely(host)) {                                                    \
            v = ld_host(host, mop & MO_SIZE);                                  \
            if (mop & MO_BE) {                                                 \
                v = bswap_size(v, mop & MO_SIZE);                              \
            }                                                                  \
        } else {                                                               \
            uintptr_t ra = (uintptr_t)pc + 1;                                  \
            tcg_interp_retaddr = ra;                                           \
            v = helper_ld_slow(cpu, addr, oi, ra);                             \
            tcg_interp_retaddr = 0;                                            \
        }                                                                      \
        W64(pc[1], ld_extend(v, mop));                                         \
        NEXT(len);                                                             \
    }
#define QEMU_ST(addr_expr, oi_word, len) {                                      \
        uint64_t addr = (addr_expr), v = R64(pc[1]);                           \
        MemOpIdx oi = (MemOpIdx)pc[oi_word];                                   \
        MemOp mop = get_memop(oi);                                             \
        void *host = tlb_probe_fast(cpu, addr, oi, true);                      \
        if (likely(host)) {                                                    \
            if (mop & MO_BE) {                                                 \
                v = bswap_size(v, mop & MO_SIZE);                              \
            }                                                                  \
            st_host(host, mop & MO_SIZE, v);                                   \
        } else {                                                               \
            uintptr_t ra = (uintptr_t)pc + 1;                                  \
            tcg_interp_retaddr = ra;                                           \
            helper_st_slow(cpu, addr, v, oi, ra);                              \
            tcg_interp_retaddr = 0;                                            \
        }                                                                      \
        NEXT(len);                                                             \
    }
L_qemu_ld:
    QEMU_LD(R64(pc[2]), 3, 4)
L_qemu_st:
    QEMU_ST(R64(pc[2]), 3, 4)
    /* [H, d/v, base, offset, oi]: "add t, base, $offset" folded in */
L_qemu_ld_off:
    QEMU_LD(R64(pc[2]) + pc[3], 4, 5)
L_qemu_st_off:
    QEMU_ST(R64(pc[2]) + pc[3], 4, 5)

    /* ---- Calls: [H, func, nargs, d, args...] / [H, func, nargs, args...] ---- */
L_call: {
        void *fn = (void *)(uintptr_t)pc[1];
        unsigned n = pc[2];
        const uint64_t *ap = pc + 4;
        uint64_t r;
        tcg_interp_retaddr = (uintptr_t)pc + 1;
        switch (n) {
        case 0: r = ((HelperFn0)fn)(); break;
        case 1: r = ((HelperFn1)fn)(R64(ap[0])); break;
        case 2: r = ((HelperFn2)fn)(R64(ap[0]), R64(ap[1])); break;
        case 3: r = ((HelperFn3)fn)(R64(ap[0]), R64(ap[1]), R64(ap[2])); break;
        case 4: r = ((HelperFn4)fn)(R64(ap[0]), R64(ap[1]), R64(ap[2]), R64(ap[3])); break;
        case 5:
            r = ((HelperFn5)fn)(R64(ap[0]), R64(ap[1]), R64(ap[2]), R64(ap[3]), R64(ap[4]));
            break;
        default:
            r = ((HelperFn6)fn)(R64(ap[0]), R64(ap[1]), R64(ap[2]), R64(ap[3]), R64(ap[4]),
                                R64(ap[5]));
            break;
        }
        tcg_interp_retaddr = 0;
        W64(pc[3], r);
        NEXT(4 + n);
    }
L_callv: {
        void *fn = (void *)(uintptr_t)pc[1];
        unsigned n = pc[2];
        const uint64_t *ap = pc + 3;
        tcg_interp_retaddr = (uintptr_t)pc + 1;
        switch (n) {
        case 0: ((HelperVFn0)fn)(); break;
        case 1: ((HelperVFn1)fn)(R64(ap[0])); break;
        case 2: ((HelperVFn2)fn)(R64(ap[0]), R64(ap[1])); break;
        case 3: ((HelperVFn3)fn)(R64(ap[0]), R64(ap[1]), R64(ap[2])); break;
        case 4: ((HelperVFn4)fn)(R64(ap[0]), R64(ap[1]), R64(ap[2]), R64(ap[3])); break;
        case 5:
            ((HelperVFn5)fn)(R64(ap[0]), R64(ap[1]), R64(ap[2]), R64(ap[3]), R64(ap[4]));
            break;
        default:
            ((HelperVFn6)fn)(R64(ap[0]), R64(ap[1]), R64(ap[2]), R64(ap[3]), R64(ap[4]),
                             R64(ap[5]));
            break;
        }
        tcg_interp_retaddr = 0;
        NEXT(3 + n);
    }

    /* ---- Control ---- */
L_br:
L_goto_tb:
    pc = (const uint64_t *)(uintptr_t)__atomic_load_n(&pc[1], __ATOMIC_RELAXED);
    goto *(const void *)pc[0];
L_exit_tb:
    return (uintptr_t)pc[1];
L_goto_ptr: {
        uintptr_t p = (uintptr_t)R64(pc[1]);
        if (!p) {
            return 0;
        }
        pc = (const uint64_t *)p;
        goto *(const void *)pc[0];
    }
L_ld32_brnz: {     /* [H, env offset, target]: the exit_request test */
        uint32_t v;
        memcpy(&v, (const uint8_t *)cpu + pc[1], 4);
        if (v) {
            pc = (const uint64_t *)(uintptr_t)pc[2];
            goto *(const void *)pc[0];
        }
        NEXT(3);
    }
L_mb:
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    NEXT(1);

#undef SLOT
#undef R64
#undef R32
#undef W64
#undef W32
#undef NEXT
}
