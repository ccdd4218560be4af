/*
 * Traps, interrupts and the helpers generated code calls for system
 * instructions (priv spec 1.12, sections 3.1.6-3.1.9, 3.3, 4.1).
 */
#include "target/riscv/csr.h"
#include "util/log.h"

void riscv_raise_exception(RISCVCPU *cpu, int cause, uint64_t tval, uintptr_t ra)
{
    CPUState *cs = CPU(cpu);

    cs->exception_index = cause;
    cpu->badaddr = tval;
    if (ra) {
        cpu_loop_exit_restore(cs, ra);
    }
    cpu_loop_exit(cs);
}

/*
 * Enter the trap handler: delegated to S-mode when the hart is not in M-mode
 * and medeleg/mideleg says so, else M-mode.
 */
void riscv_do_trap(RISCVCPU *cpu, uint64_t cause, bool interrupt, uint64_t tval)
{
    uint64_t deleg = interrupt ? cpu->mideleg : cpu->medeleg;
    bool to_s = cpu->priv <= PRV_S && cause < 64 && ((deleg >> cause) & 1);
    uint64_t mcause = cause | (interrupt ? 1ull << 63 : 0);
    uint64_t s = cpu->mstatus;

    if (log_enabled(LOG_INT)) {
        log_printf("riscv: hart %" PRIu64 " %s %" PRIu64 " at pc 0x%" PRIx64
                   " tval 0x%" PRIx64 " priv %u -> %c\n", cpu->mhartid,
                   interrupt ? "interrupt" : "exception", cause, cpu->pc, tval,
                   cpu->priv, to_s ? 'S' : 'M');
    }
    if (to_s) {
        uint64_t base = cpu->stvec & ~3ull;
        cpu->scause = mcause;
        cpu->sepc = cpu->pc;
        cpu->stval = tval;
        s = (s & ~MSTATUS_SPIE) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
        s = (s & ~MSTATUS_SPP) | (cpu->priv == PRV_S ? MSTATUS_SPP : 0);
        s &= ~MSTATUS_SIE;
        cpu->pc = (interrupt && (cpu->stvec & 1)) ? base + 4 * cause : base;
        cpu->priv = PRV_S;
    } else {
        uint64_t base = cpu->mtvec & ~3ull;
        cpu->mcause = mcause;
        cpu->mepc = cpu->pc;
        cpu->mtval = tval;
        s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
        s = (s & ~MSTATUS_MPP) | ((uint64_t)cpu->priv << 11);
        s &= ~MSTATUS_MIE;
        cpu->pc = (interrupt && (cpu->mtvec & 1)) ? base + 4 * cause : base;
        cpu->priv = PRV_M;
    }
    cpu->mstatus = s;
}

void riscv_cpu_do_interrupt(CPUState *cs)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    int excp = cs->exception_index;

    cs->exception_index = EXCP_NONE;
    if (excp < 0 || excp >= 64) {
        return;
    }
    riscv_do_trap(cpu, (uint64_t)excp, false, cpu->badaddr);
}

/* Priv spec 3.1.9: M-level interrupts first, then S; within a level
   MEI, MSI, MTI, SEI, SSI, STI. */
static int pick_interrupt(uint64_t irqs)
{
    static const int order[] = { IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER,
                                 IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER };

    for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
        if (irqs & (1ull << order[i])) {
            return order[i];
        }
    }
    return -1;
}

bool riscv_cpu_exec_interrupt(CPUState *cs, uint32_t request)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    uint64_t pending, m_pending, s_pending, take = 0;
    bool m_enabled, s_enabled;

    if (!(request & CPU_INTERRUPT_HARD)) {
        return false;
    }
    pending = riscv_pending_interrupts(cpu);
    m_pending = pending & ~cpu->mideleg;
    s_pending = pending & cpu->mideleg;
    m_enabled = cpu->priv < PRV_M || (cpu->mstatus & MSTATUS_MIE);
    s_enabled = cpu->priv < PRV_S || (cpu->priv == PRV_S && (cpu->mstatus & MSTATUS_SIE));
    if (m_enabled && m_pending) {
        take = m_pending;
    } else if (s_enabled && s_pending) {
        take = s_pending;
    }
    if (!take) {
        return false;
    }
    riscv_do_trap(cpu, (uint64_t)pick_interrupt(take), true, 0);
    return true;
}

void riscv_cpu_do_unaligned_access(CPUState *cs, vaddr addr, MMUAccessType access,
                                   int mmu_idx, uintptr_t retaddr)
{
    int cause = access == MMU_DATA_STORE ? RISCV_EXCP_STORE_AMO_ADDR_MIS :
                access == MMU_INST_FETCH ? RISCV_EXCP_INST_ADDR_MIS :
                RISCV_EXCP_LOAD_ADDR_MIS;

    riscv_raise_exception(RISCV_CPU(cs), cause, addr, retaddr);
}

void riscv_cpu_do_transaction_failed(CPUState *cs, hwaddr phys, vaddr addr, unsigned size,
                                     MMUAccessType access, int mmu_idx, MemTxResult res,
                                     uintptr_t retaddr)
{
    int cause = access == MMU_DATA_STORE ? RISCV_EXCP_STORE_AMO_ACCESS_FAULT :
                access == MMU_INST_FETCH ? RISCV_EXCP_INST_ACCESS_FAULT :
                RISCV_EXCP_LOAD_ACCESS_FAULT;

    riscv_raise_exception(RISCV_CPU(cs), cause, addr, retaddr);
}

/* ---- Helpers called from generated code -------------------------------- */

static uint64_t helper_raise_exception(uint64_t env, uint64_t cause, uint64_t tval)
{
    /* The translator synced pc before the call: no state to restore. */
    riscv_raise_exception((RISCVCPU *)(uintptr_t)env, (int)cause, tval, 0);
}

const TCGHelperInfo helper_info_raise_exception = {
    .name = "raise_exception", .func = (void *)helper_raise_exception,
    .flags = TCG_CALL_NO_WG, .nargs = 3, .has_ret = false,
};

static uint64_t helper_csr(uint64_t env, uint64_t op, uint64_t val, uint64_t mask,
                           uint64_t raw)
{
    RISCVCPU *cpu = (RISCVCPU *)(uintptr_t)env;
    int csrno = (int)(op & 0xfff);
    uint64_t old = 0;

    /* Counters and time read the virtual clock: make it exact here. */
    cpu_icount_sync(CPU(cpu), GETPC());
    if (!riscv_csr_access(cpu, csrno, (op & CSR_OP_READ) ? &old : NULL, val, mask,
                          (op & CSR_OP_WRITE) != 0)) {
        riscv_raise_exception(cpu, RISCV_EXCP_ILLEGAL_INST, raw, GETPC());
    }
    return old;
}

const TCGHelperInfo helper_info_csr = {
    .name = "csr", .func = (void *)helper_csr, .flags = 0, .nargs = 5, .has_ret = true,
};

static uint64_t helper_mret(uint64_t env, uint64_t raw)
{
    RISCVCPU *cpu = (RISCVCPU *)(uintptr_t)env;
    uint64_t s = cpu->mstatus;
    unsigned mpp = (unsigned)((s & MSTATUS_MPP) >> 11);

    if (cpu->priv != PRV_M) {
        riscv_raise_exception(cpu, RISCV_EXCP_ILLEGAL_INST, raw, GETPC());
    }
    s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    s |= MSTATUS_MPIE;
    s &= ~MSTATUS_MPP;              /* least-privileged mode: U */
    if (mpp != PRV_M) {
        s &= ~MSTATUS_MPRV;
    }
    cpu->mstatus = s;
    cpu->priv = mpp;
    riscv_cpu_update_mip(cpu);
    return riscv_epc_read(cpu, cpu->mepc);
}

const TCGHelperInfo helper_info_mret = {
    .name = "mret", .func = (void *)helper_mret, .flags = 0, .nargs = 2, .has_ret = true,
};

static uint64_t helper_sret(uint64_t env, uint64_t raw)
{
    RISCVCPU *cpu = (RISCVCPU *)(uintptr_t)env;
    uint64_t s = cpu->mstatus;

    /* Priv spec 3.1.6.5: TSR makes sret in S-mode illegal. */
    if (cpu->priv < PRV_S || (cpu->priv == PRV_S && (s & MSTATUS_TSR))) {
        riscv_raise_exception(cpu, RISCV_EXCP_ILLEGAL_INST, raw, GETPC());
    }
    cpu->priv = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
    s = (s & ~MSTATUS_SIE) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
    s |= MSTATUS_SPIE;
    s &= ~MSTATUS_SPP;
    s &= ~MSTATUS_MPRV;             /* the new privilege is never M */
    cpu->mstatus = s;
    riscv_cpu_update_mip(cpu);
    return riscv_epc_read(cpu, cpu->sepc);
}

const TCGHelperInfo helper_info_sret = {
    .name = "sret", .func = (void *)helper_sret, .flags = 0, .nargs = 2, .has_ret = true,
};

static uint64_t helper_wfi(uint64_t env, uint64_t next_pc, uint64_t raw)
{
    RISCVCPU *cpu = (RISCVCPU *)(uintptr_t)env;
    CPUState *cs = CPU(cpu);

    /* Priv spec 3.1.6.5: TW traps WFI below M; U-mode WFI is illegal. */
    if (cpu->priv == PRV_U || (cpu->priv < PRV_M && (cpu->mstatus & MSTATUS_TW))) {
        riscv_raise_exception(cpu, RISCV_EXCP_ILLEGAL_INST, raw, GETPC());
    }
    cpu->pc = next_pc;
    if (!riscv_pending_interrupts(cpu)) {
        cs->halted = true;
        cs->exception_index = EXCP_HLT;
        cpu_loop_exit(cs);
    }
    /*
     * WFI falls through when an interrupt is pending but globally disabled,
     * as in OpenSBI's HSM wait loop while the cold-boot IPI is still pending.
     * Such a loop is a spin-wait: end this vCPU's slice so that the other
     * harts (which share the host thread) get the time.
     */
    cs->exception_index = EXCP_INTERRUPT;
    cpu_loop_exit(cs);
    return 0;
}

const TCGHelperInfo helper_info_wfi = {
    .name = "wfi", .func = (void *)helper_wfi, .flags = 0, .nargs = 3, .has_ret = false,
};

static uint64_t helper_sfence_vma(uint64_t env, uint64_t addr, uint64_t has_addr,
                                  uint64_t raw)
{
    RISCVCPU *cpu = (RISCVCPU *)(uintptr_t)env;

    if (cpu->priv == PRV_U || (cpu->priv == PRV_S && (cpu->mstatus & MSTATUS_TVM))) {
        riscv_raise_exception(cpu, RISCV_EXCP_ILLEGAL_INST, raw, GETPC());
    }
    /* ASIDs are not tracked in the TLB: flush more than asked, never less. */
    if (has_addr) {
        tlb_flush_page(CPU(cpu), addr);
    } else {
        tlb_flush(CPU(cpu));
    }
    return 0;
}

const TCGHelperInfo helper_info_sfence_vma = {
    .name = "sfence_vma", .func = (void *)helper_sfence_vma, .flags = 0, .nargs = 4,
    .has_ret = false,
};

/*
 * Zicbom/Zicboz (CMO spec 1.0, 2.5): access checks from menvcfg/senvcfg,
 * then cbo.zero writes a zeroed block; clean/flush/inval need only the
 * permission check since Vireo has no caches (inval may act as flush).
 */
enum { CBO_OP_CLEAN, CBO_OP_FLUSH, CBO_OP_INVAL, CBO_OP_ZERO };

static uint64_t helper_cbo(uint64_t env, uint64_t op, uint64_t addr, uint64_t raw)
{
    RISCVCPU *cpu = (RISCVCPU *)(uintptr_t)env;
    CPUState *cs = CPU(cpu);
    uintptr_t ra = GETPC();
    bool allowed_m, allowed_s;

    if (op == CBO_OP_ZERO) {
        allowed_m = cpu->menvcfg & ENVCFG_CBZE;
        allowed_s = cpu->senvcfg & ENVCFG_CBZE;
    } else if (op == CBO_OP_INVAL) {
        allowed_m = cpu->menvcfg & ENVCFG_CBIE;
        allowed_s = cpu->senvcfg & ENVCFG_CBIE;
    } else {
        allowed_m = cpu->menvcfg & ENVCFG_CBCFE;
        allowed_s = cpu->senvcfg & ENVCFG_CBCFE;
    }
    if ((cpu->priv < PRV_M && !allowed_m) || (cpu->priv == PRV_U && !allowed_s)) {
        riscv_raise_exception(cpu, RISCV_EXCP_ILLEGAL_INST, raw, ra);
    }

    int mmu_idx = riscv_cpu_mmu_index(cpu, false);
    if (op == CBO_OP_ZERO) {
        uint64_t size = cpu->cboz_blocksize;
        vaddr base = addr & ~(size - 1);
        for (uint64_t off = 0; off < size; off += 8) {
            cpu_st_mmu(cs, base + off, 0, make_memop_idx(MO_64, (unsigned)mmu_idx), ra);
        }
    } else {
        /* The block must be accessible for a store or a load (CMO spec 2.5.2):
           probe with a one-byte load, which faults like the spec requires. */
        uint64_t size = cpu->cbom_blocksize;
        cpu_ld_mmu(cs, addr & ~(size - 1), make_memop_idx(MO_8, (unsigned)mmu_idx), ra);
    }
    return 0;
}

const TCGHelperInfo helper_info_cbo = {
    .name = "cbo", .func = (void *)helper_cbo, .flags = 0, .nargs = 4, .has_ret = false,
};
