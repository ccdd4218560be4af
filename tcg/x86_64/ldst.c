/*
 * Guest memory access (qemu_ld / qemu_st): the softmmu TLB probe inline, the
 * host access on a hit, and an out-of-line stub per access, placed after the
 * TB's main code, that calls helper_ld_slow / helper_st_slow on a miss.
 *
 * Fast path (addr in ra):
 *     mov  r10, ra ; shr r10, PAGE_BITS - ENTRY_BITS
 *     and  r10, [env + tlb_fast[idx].mask] ; add r10, [env + tlb_fast[idx].table]
 *     r11 = ra & (PAGE_MASK | (align - 1))      aligned access or byte
 *         = (ra + size - 1) & PAGE_MASK         unaligned allowed: a page
 *                                               crossing misses (the index
 *                                               is from ra's page)
 *     cmp  r11, [r10 + addr_read / addr_write] ; jne stub
 *     mov  r10, [r10 + addend] ; access [ra + r10]
 *   ret:
 *
 * Stub: stores the dirty globals held in registers (a fault reads env),
 * saves the live caller-saved registers in the frame's save area, calls the
 * helper and jumps back to ret.
 *
 * Return address convention: the helper's retaddr argument is the rx address
 * of `ret`, i.e. the end of the fast path, which lies inside (start, end] of
 * the guest instruction that owns the access (insn_end_off rule in tcg.h).
 * The stub's own call return address (past the main code) is never used.
 */
#include "accel/cpu.h"
#include "tcg/x86_64/jit.h"

#define A(i) ((int)op->args[i])

static JitSlowPath *new_slow_path(JitCtx *j)
{
    if (j->nb_slow == j->max_slow) {
        j->max_slow = j->max_slow ? 2 * j->max_slow : 64;
        j->slow = xrealloc(j->slow, j->max_slow * sizeof(*j->slow));
    }
    return &j->slow[j->nb_slow++];
}

/* The TLB probe: leaves the entry in r10; returns the jne field to patch. */
static uint32_t emit_tlb_probe(JitCtx *j, int ra, MemOpIdx oi, bool is_store)
{
    MemOp mop = get_memop(oi);
    unsigned idx = get_mmuidx(oi);
    unsigned size = memop_size(mop);
    unsigned align = (mop & MO_ALIGN) ? size : 1;
    int32_t mask_off = (int32_t)(offsetof(CPUState, tlb_fast) + idx * sizeof(CPUTLBDescFast) +
                                 offsetof(CPUTLBDescFast, mask));
    int32_t table_off = (int32_t)(offsetof(CPUState, tlb_fast) + idx * sizeof(CPUTLBDescFast) +
                                  offsetof(CPUTLBDescFast, table));
    int32_t cmp_off = is_store ? (int32_t)offsetof(CPUTLBEntry, addr_write)
                               : (int32_t)offsetof(CPUTLBEntry, addr_read);

    emit_mov(&j->e, true, R_TMP0, ra);
    emit_shift_ri(&j->e, SHIFT_SHR, true, R_TMP0, TARGET_PAGE_BITS - CPU_TLB_ENTRY_BITS);
    emit_modrm_off(&j->e, (OPC_ARITH_GvEv + (ARITH_AND << 3)) | P_REXW, R_TMP0, R_ENV, mask_off);
    emit_modrm_off(&j->e, (OPC_ARITH_GvEv + (ARITH_ADD << 3)) | P_REXW, R_TMP0, R_ENV, table_off);
    if (align >= size) {
        emit_mov(&j->e, true, R_TMP1, ra);
        emit_arith_ri(&j->e, ARITH_AND, true, R_TMP1,
                      (int64_t)(TARGET_PAGE_MASK | (align - 1)));
    } else {
        emit_modrm_off(&j->e, OPC_LEA | P_REXW, R_TMP1, ra, (int32_t)(size - 1));
        emit_arith_ri(&j->e, ARITH_AND, true, R_TMP1, (int64_t)TARGET_PAGE_MASK);
    }
    emit_modrm_off(&j->e, (OPC_ARITH_GvEv + (ARITH_CMP << 3)) | P_REXW, R_TMP1, R_TMP0, cmp_off);
    return emit_jcc_fwd(&j->e, JCC_NE);
}

static void emit_load_addend(JitCtx *j)
{
    emit_modrm_off(&j->e, OPC_MOVL_GvEv | P_REXW, R_TMP0, R_TMP0,
                   (int32_t)offsetof(CPUTLBEntry, addend));
}

/* What the stub must know about the allocator state at the access. */
static void record_state(JitCtx *j, JitSlowPath *sp, int exclude)
{
    sp->save_mask = 0;
    for (int r = 0; r < 16; r++) {
        if ((JIT_CALL_CLOBBER & JIT_ALLOCATABLE & RBIT(r)) && j->reg_temp[r] >= 0 &&
            r != exclude) {
            sp->save_mask |= RBIT(r);
        }
    }
    sp->nsync = 0;
    int16_t dirty[MAX(JIT_DIRTY_BITS, TCG_MAX_TEMPS)];
    int n = ra_dirty_globals(j, dirty);
    for (int k = 0; k < n; k++) {
        int i = dirty[k];
        JitTemp *t = &j->t[i];
        TCGTemp *ts = &j->s->temps[i];
        if (ts->kind != TEMP_GLOBAL) {
            continue;
        }
        if (t->val == VAL_REG) {
            assert(sp->nsync < ARRAY_SIZE(sp->sync));
            sp->sync[sp->nsync].reg = t->reg;
            sp->sync[sp->nsync].is64 = ts->type == TCG_TYPE_I64;
            sp->sync[sp->nsync].off = ts->mem_offset;
            sp->nsync++;
        }
    }
}

/* Dirty constant-valued globals have no register for the stub to store
   from: store them now (rare: a constant assigned and not yet synced). */
static void sync_const_globals(JitCtx *j)
{
    int16_t dirty[MAX(JIT_DIRTY_BITS, TCG_MAX_TEMPS)];
    int n = ra_dirty_globals(j, dirty);

    for (int k = 0; k < n; k++) {
        if (j->t[dirty[k]].val == VAL_CONST) {
            ra_sync(j, dirty[k]);
        }
    }
}

/* Host access [ra + r10] with size/sign/endianness of mop into rd. */
static void emit_host_load(JitCtx *j, MemOp mop, bool w, int rd, int ra)
{
    bool sign = mop & MO_SIGN;
    bool be = mop & MO_BE;
    int opc;

    switch (mop & MO_SIZE) {
    case MO_8:
        opc = sign ? OPC_MOVSBL | rexw_of(w) : OPC_MOVZBL;
        emit_modrm_sib(&j->e, opc & ~P_REXB_RM, rd, ra, R_TMP0, 0, 0);
        return;
    case MO_16:
        emit_modrm_sib(&j->e, (be || !sign) ? OPC_MOVZWL : OPC_MOVSWL | rexw_of(w),
                       rd, ra, R_TMP0, 0, 0);
        if (be) {
            emit_modrm(&j->e, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, rd);
            emit8(&j->e, 8);
            if (sign) {
                emit_modrm(&j->e, OPC_MOVSWL | rexw_of(w), rd, rd);
            }
        }
        return;
    case MO_32:
        emit_modrm_sib(&j->e, (sign && w && !be) ? OPC_MOVSLQ : OPC_MOVL_GvEv,
                       rd, ra, R_TMP0, 0, 0);
        if (be) {
            emit_opc(&j->e, OPC_BSWAP + (rd & 7), 0, rd, 0);
            if (sign && w) {
                emit_modrm(&j->e, OPC_MOVSLQ, rd, rd);
            }
        }
        return;
    default:
        emit_modrm_sib(&j->e, OPC_MOVL_GvEv | rexw_of(w), rd, ra, R_TMP0, 0, 0);
        if (be) {
            emit_opc(&j->e, (OPC_BSWAP + (rd & 7)) | rexw_of(w), 0, rd, 0);
        }
        return;
    }
}

void jit_gen_qemu_ld(JitCtx *j, const TCGOp *op)
{
    MemOpIdx oi = (MemOpIdx)op->args[2];
    bool w = op->type == TCG_TYPE_I64;
    JitSlowPath *sp;
    int ra, rd;

    sync_const_globals(j);
    ra = ra_load(j, A(1), JIT_ALLOCATABLE);
    /* rd may be ra: the final load reads ra before writing rd, and the stub
       runs before it. */
    if (ra != R_ENV && (j->reg_temp[ra] < 0 ||
                        (j->reg_temp[ra] == A(1) &&
                         (A(1) == A(0) || (op->life & DEAD_ARG(1)))))) {
        rd = ra;
    } else {
        rd = ra_alloc(j, JIT_ALLOCATABLE);
    }
    sp = new_slow_path(j);
    sp->is_ld = true;
    sp->type = op->type;
    sp->oi = oi;
    sp->addr_reg = ra;
    sp->data_reg = rd;
    record_state(j, sp, rd);
    if (rd == ra && j->reg_temp[ra] >= 0 && A(1) != A(0)) {
        ra_free_temp(j, A(1));
    }
    sp->jcc_field = emit_tlb_probe(j, ra, oi, false);
    emit_load_addend(j);
    emit_host_load(j, get_memop(oi), w, rd, ra);
    sp->ret_off = emit_off(&j->e);
    ra_set_output(j, A(0), rd);
}

/* The bytes of v as stored by mop, as a little-endian immediate. */
static int64_t store_imm(MemOp mop, int64_t v)
{
    switch (mop & MO_SIZE) {
    case MO_8:  return (uint8_t)v;
    case MO_16: return (mop & MO_BE) ? __builtin_bswap16((uint16_t)v) : (uint16_t)v;
    case MO_32: return (mop & MO_BE) ? __builtin_bswap32((uint32_t)v) : (uint32_t)v;
    default:    return (mop & MO_BE) ? (int64_t)__builtin_bswap64((uint64_t)v) : v;
    }
}

void jit_gen_qemu_st(JitCtx *j, const TCGOp *op)
{
    MemOpIdx oi = (MemOpIdx)op->args[2];
    MemOp mop = get_memop(oi);
    JitSlowPath *sp;
    int rv = -1, ra, src;
    int64_t cv = 0, imm = 0;
    bool cst;

    sync_const_globals(j);
    /* A constant value is stored as an immediate (sign-extended imm32 for
       64-bit stores). */
    cst = ra_is_const(j, A(0), &cv);
    if (cst) {
        imm = store_imm(mop, cv);
        cst = (mop & MO_SIZE) != MO_64 || fits_i32(imm);
    }
    if (!cst) {
        rv = ra_load(j, A(0), JIT_ALLOCATABLE);
    }
    ra = ra_load(j, A(1), JIT_ALLOCATABLE);
    sp = new_slow_path(j);
    sp->is_ld = false;
    sp->type = op->type;
    sp->oi = oi;
    sp->addr_reg = ra;
    sp->data_reg = rv;
    sp->data_val = cv;
    record_state(j, sp, -1);
    sp->jcc_field = emit_tlb_probe(j, ra, oi, true);
    emit_load_addend(j);
    if (cst) {
        switch (mop & MO_SIZE) {
        case MO_8:
            emit_modrm_sib(&j->e, OPC_MOVB_EvIb, 0, ra, R_TMP0, 0, 0);
            emit8(&j->e, (uint8_t)imm);
            break;
        case MO_16:
            emit_modrm_sib(&j->e, OPC_MOVL_EvIz | P_DATA16, 0, ra, R_TMP0, 0, 0);
            emit8(&j->e, (uint8_t)imm);
            emit8(&j->e, (uint8_t)(imm >> 8));
            break;
        default:
            emit_modrm_sib(&j->e, OPC_MOVL_EvIz | rexw_of((mop & MO_SIZE) == MO_64), 0, ra,
                           R_TMP0, 0, 0);
            emit32(&j->e, (uint32_t)imm);
            break;
        }
        sp->ret_off = emit_off(&j->e);
        return;
    }
    src = rv;
    if ((mop & MO_BE) && (mop & MO_SIZE) != MO_8) {
        src = R_TMP1;
        emit_mov(&j->e, true, R_TMP1, rv);
        if ((mop & MO_SIZE) == MO_16) {
            emit_modrm(&j->e, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, R_TMP1);
            emit8(&j->e, 8);
        } else {
            emit_opc(&j->e, (OPC_BSWAP + (R_TMP1 & 7)) | rexw_of((mop & MO_SIZE) == MO_64),
                     0, R_TMP1, 0);
        }
    }
    switch (mop & MO_SIZE) {
    case MO_8:
        emit_modrm_sib(&j->e, OPC_MOVB_EvGv, src, ra, R_TMP0, 0, 0);
        break;
    case MO_16:
        emit_modrm_sib(&j->e, OPC_MOVL_EvGv | P_DATA16, src, ra, R_TMP0, 0, 0);
        break;
    case MO_32:
        emit_modrm_sib(&j->e, OPC_MOVL_EvGv, src, ra, R_TMP0, 0, 0);
        break;
    default:
        emit_modrm_sib(&j->e, OPC_MOVL_EvGv | P_REXW, src, ra, R_TMP0, 0, 0);
        break;
    }
    sp->ret_off = emit_off(&j->e);
}

/* Move a -> da and b -> db (registers), whatever the overlaps. */
static void parallel_move2(JitEmit *e, int a, int da, int b, int db)
{
    if (a == db && b == da) {
        if (a != b) {
            emit_modrm(e, OPC_XCHG | P_REXW, a, b);
        }
    } else if (b == da) {
        emit_mov(e, true, db, b);
        emit_mov(e, true, da, a);
    } else {
        emit_mov(e, true, da, a);
        emit_mov(e, true, db, b);
    }
}

static void emit_lea_rip(JitEmit *e, int r, uint32_t target_off)
{
    emit_modrm_sib(e, OPC_LEA | P_REXW, r, -1, -1, 0, 0);
    patch32(e, emit_off(e) - 4, target_off - emit_off(e));
}

static void gen_one_slow_path(JitCtx *j, const JitSlowPath *sp)
{
    JitEmit *e = &j->e;
    MemOp mop = get_memop(sp->oi);

    emit_patch_rel32(e, sp->jcc_field, emit_off(e));
    for (int k = 0; k < sp->nsync; k++) {
        emit_st(e, sp->sync[k].is64, sp->sync[k].reg, R_ENV, sp->sync[k].off);
    }
    for (int r = 0; r < 16; r++) {
        if (sp->save_mask & RBIT(r)) {
            emit_st(e, true, r, R_RSP, 8 * r);
        }
    }
    if (sp->is_ld) {
        emit_mov(e, true, R_RSI, sp->addr_reg);
        emit_mov(e, true, R_RDI, R_ENV);
        emit_movi(e, R_RDX, sp->oi);
        emit_lea_rip(e, R_RCX, sp->ret_off);
        emit_call(e, (const void *)helper_ld_slow);
        /* The helper extends per the memop; redo it in case it did not. */
        bool w = sp->type == TCG_TYPE_I64;
        bool sign = mop & MO_SIGN;
        int rd = sp->data_reg;
        switch (mop & MO_SIZE) {
        case MO_8:
            emit_modrm(e, sign ? OPC_MOVSBL | rexw_of(w) : OPC_MOVZBL, rd, R_RAX);
            break;
        case MO_16:
            emit_modrm(e, sign ? OPC_MOVSWL | rexw_of(w) : OPC_MOVZWL, rd, R_RAX);
            break;
        case MO_32:
            emit_modrm(e, sign && w ? OPC_MOVSLQ : OPC_MOVL_GvEv, rd, R_RAX);
            break;
        default:
            emit_mov(e, w, rd, R_RAX);
            break;
        }
    } else {
        if (sp->data_reg < 0) {
            emit_mov(e, true, R_RSI, sp->addr_reg);
            emit_movi(e, R_RDX, (uint64_t)sp->data_val);
        } else {
            parallel_move2(e, sp->addr_reg, R_RSI, sp->data_reg, R_RDX);
        }
        emit_mov(e, true, R_RDI, R_ENV);
        emit_movi(e, R_RCX, sp->oi);
        emit_lea_rip(e, R_R8, sp->ret_off);
        emit_call(e, (const void *)helper_st_slow);
    }
    for (int r = 0; r < 16; r++) {
        if (sp->save_mask & RBIT(r)) {
            emit_ld(e, true, r, R_RSP, 8 * r);
        }
    }
    emit_jcc_rel32(e, -1, emit_rx(e, sp->ret_off));
}

bool jit_gen_slow_paths(JitCtx *j)
{
    for (int i = 0; i < j->nb_slow; i++) {
        if (!ra_room(j)) {
            return false;
        }
        gen_one_slow_path(j, &j->slow[i]);
    }
    return true;
}
