/*
 * Control and status registers (priv spec 1.12, chapters 2-4; Zicntr,
 * Zihpm, Sstc, Zicbo*, Svpbmt envcfg bits).
 *
 * One table describes every CSR: its number, a predicate (extension and
 * privilege-dependent access rules beyond the number's encoding), and either
 * read/write functions or a plain field with a WARL mask.
 */
#include "target/riscv/csr.h"
#include "hw/core/timer.h"
#include "util/log.h"

typedef enum CSRCheck { CSR_OK, CSR_ILLEGAL } CSRCheck;

typedef struct CSRDesc {
    uint16_t num;
    uint16_t count;              /* a range of count CSRs starting at num */
    const char *name;
    CSRCheck (*pred)(RISCVCPU *cpu, int csrno, bool write);
    uint64_t (*read)(RISCVCPU *cpu, int csrno);
    void (*write)(RISCVCPU *cpu, int csrno, uint64_t val);
    size_t field;                /* plain field: offset in RISCVCPU, 0 = none */
    uint64_t wmask;              /* plain field: writable bits */
} CSRDesc;

#define MIP_SSIP (1ull << IRQ_S_SOFT)
#define MIP_MSIP (1ull << IRQ_M_SOFT)
#define MIP_STIP (1ull << IRQ_S_TIMER)
#define MIP_MTIP (1ull << IRQ_M_TIMER)
#define MIP_SEIP (1ull << IRQ_S_EXT)
#define MIP_MEIP (1ull << IRQ_M_EXT)
#define S_INTERRUPTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define ALL_INTERRUPTS (S_INTERRUPTS | MIP_MSIP | MIP_MTIP | MIP_MEIP)

/* Exceptions that can be delegated: all but ecall from M (priv spec 3.1.8). */
#define DELEGABLE_EXCPS ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 3) | \
                         (1ull << 4) | (1ull << 5) | (1ull << 6) | (1ull << 7) | \
                         (1ull << 8) | (1ull << 9) | (1ull << 12) | (1ull << 13) | \
                         (1ull << 15))

#define SSTATUS_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | \
                      MSTATUS_FS | MSTATUS_XS | MSTATUS_VS | MSTATUS_SUM | \
                      MSTATUS_MXR | MSTATUS_UXL | MSTATUS_SD)

/* ---- Time and counters ------------------------------------------------- */

uint64_t riscv_read_time(const RISCVCPU *cpu)
{
    if (cpu->rdtime) {
        return cpu->rdtime(cpu->rdtime_opaque);
    }
    return (uint64_t)clock_get_ns() / 100;   /* 10 MHz, as the ACLINT */
}

/* Cycle and instret count virtual nanoseconds (a 1 GHz clock): monotonic,
   deterministic under -icount.  mcountinhibit freezes them. */
static uint64_t counter_ticks(void)
{
    return (uint64_t)clock_get_ns();
}

static uint64_t counter_value(const RISCVCPU *cpu, int which)
{
    uint64_t base = which ? cpu->minstret_base : cpu->mcycle_base;
    bool inhibited = cpu->mcountinhibit & (which ? 4u : 1u);

    return inhibited ? base : base + counter_ticks();
}

static void counter_set(RISCVCPU *cpu, int which, uint64_t val)
{
    bool inhibited = cpu->mcountinhibit & (which ? 4u : 1u);
    uint64_t base = inhibited ? val : val - counter_ticks();

    if (which) {
        cpu->minstret_base = base;
    } else {
        cpu->mcycle_base = base;
    }
}

/* ---- Interrupt state --------------------------------------------------- */

static bool sstc_enabled(const RISCVCPU *cpu)
{
    return cpu->ext_sstc && (cpu->menvcfg & ENVCFG_STCE);
}

uint64_t riscv_read_mip(const RISCVCPU *cpu)
{
    uint64_t mip = cpu->mip | (cpu->irq_lines & (MIP_MSIP | MIP_MTIP | MIP_MEIP | MIP_SEIP));

    if (sstc_enabled(cpu)) {
        mip &= ~MIP_STIP;
        if (riscv_read_time(cpu) >= cpu->stimecmp) {
            mip |= MIP_STIP;
        }
    }
    return mip;
}

uint64_t riscv_pending_interrupts(const RISCVCPU *cpu)
{
    return riscv_read_mip(cpu) & cpu->mie;
}

void riscv_update_stimecmp(RISCVCPU *cpu)
{
    if (!sstc_enabled(cpu) || cpu->stimecmp == UINT64_MAX) {
        timer_del(cpu->stimecmp_timer);
    } else {
        uint64_t now = riscv_read_time(cpu);
        if (cpu->stimecmp <= now) {
            timer_del(cpu->stimecmp_timer);
        } else {
            uint64_t delta = cpu->stimecmp - now;
            int64_t ns = delta > (uint64_t)INT64_MAX / 200 ? INT64_MAX / 2
                                                           : (int64_t)delta * 100;
            timer_mod(cpu->stimecmp_timer, clock_get_ns() + ns);
        }
    }
    riscv_cpu_update_mip(cpu);
}

/* ---- Predicates -------------------------------------------------------- */

static CSRCheck pred_any(RISCVCPU *cpu, int csrno, bool write)
{
    return CSR_OK;
}

static CSRCheck pred_fp(RISCVCPU *cpu, int csrno, bool write)
{
    if (!cpu->ext_f || !(cpu->mstatus & MSTATUS_FS)) {
        return CSR_ILLEGAL;
    }
    return CSR_OK;
}

/* Priv spec 3.1.11: counter access from S and U gated by (m|s)counteren. */
static CSRCheck pred_counter(RISCVCPU *cpu, int csrno, bool write)
{
    unsigned bit = (unsigned)(csrno & 0x1f);

    if (bit <= 2 ? !cpu->ext_zicntr : !cpu->ext_zihpm) {
        return CSR_ILLEGAL;
    }
    if (cpu->priv < PRV_M && !(cpu->mcounteren & (1u << bit))) {
        return CSR_ILLEGAL;
    }
    if (cpu->priv < PRV_S && !(cpu->scounteren & (1u << bit))) {
        return CSR_ILLEGAL;
    }
    return CSR_OK;
}

static CSRCheck pred_mcounter(RISCVCPU *cpu, int csrno, bool write)
{
    return cpu->ext_zicntr || cpu->ext_zihpm ? CSR_OK : CSR_ILLEGAL;
}

static CSRCheck pred_satp(RISCVCPU *cpu, int csrno, bool write)
{
    /* Priv spec 3.1.6.5: TVM traps satp accesses from S-mode. */
    if (cpu->priv == PRV_S && (cpu->mstatus & MSTATUS_TVM)) {
        return CSR_ILLEGAL;
    }
    return CSR_OK;
}

static CSRCheck pred_sstc(RISCVCPU *cpu, int csrno, bool write)
{
    if (!cpu->ext_sstc) {
        return CSR_ILLEGAL;
    }
    if (cpu->priv < PRV_M && !(cpu->menvcfg & ENVCFG_STCE)) {
        return CSR_ILLEGAL;
    }
    if (cpu->priv < PRV_M && !(cpu->mcounteren & (1u << 1))) {
        return CSR_ILLEGAL;
    }
    return CSR_OK;
}

static CSRCheck pred_pmpcfg(RISCVCPU *cpu, int csrno, bool write)
{
    /* RV64: only the even pmpcfg registers exist. */
    return (csrno & 1) ? CSR_ILLEGAL : CSR_OK;
}

/* ---- Accessors --------------------------------------------------------- */

static uint64_t read_zero(RISCVCPU *cpu, int csrno)
{
    return 0;
}

static void write_ignore(RISCVCPU *cpu, int csrno, uint64_t val)
{
}

static void mark_fs_dirty(RISCVCPU *cpu)
{
    cpu->mstatus |= MSTATUS_FS;
}

static uint64_t read_fflags(RISCVCPU *cpu, int csrno)
{
    return cpu->fflags;
}

static void write_fflags(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->fflags = val & 0x1f;
    mark_fs_dirty(cpu);
}

static uint64_t read_frm(RISCVCPU *cpu, int csrno)
{
    return cpu->frm;
}

static void write_frm(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->frm = val & 7;
    mark_fs_dirty(cpu);
}

static uint64_t read_fcsr(RISCVCPU *cpu, int csrno)
{
    return (cpu->frm << 5) | cpu->fflags;
}

static void write_fcsr(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->fflags = val & 0x1f;
    cpu->frm = (val >> 5) & 7;
    mark_fs_dirty(cpu);
}

static uint64_t read_counter(RISCVCPU *cpu, int csrno)
{
    switch (csrno & 0x1f) {
    case 0:
        return counter_value(cpu, 0);
    case 1:
        return riscv_read_time(cpu);
    case 2:
        return counter_value(cpu, 1);
    default:
        return 0;     /* Zihpm: the counters exist but count nothing */
    }
}

static void write_mcounter(RISCVCPU *cpu, int csrno, uint64_t val)
{
    switch (csrno & 0x1f) {
    case 0:
        counter_set(cpu, 0, val);
        break;
    case 2:
        counter_set(cpu, 1, val);
        break;
    default:
        break;
    }
}

static void write_mcountinhibit(RISCVCPU *cpu, int csrno, uint64_t val)
{
    uint64_t cycle = counter_value(cpu, 0), instret = counter_value(cpu, 1);

    /* Bit 1 (TM) is read-only zero. */
    cpu->mcountinhibit = (uint32_t)(val & ~2ull);
    counter_set(cpu, 0, cycle);
    counter_set(cpu, 1, instret);
}

static uint64_t mstatus_with_sd(uint64_t s)
{
    s &= ~MSTATUS_SD;
    if ((s & MSTATUS_FS) == MSTATUS_FS || (s & MSTATUS_XS) == MSTATUS_XS) {
        s |= MSTATUS_SD;
    }
    return s;
}

static uint64_t read_mstatus(RISCVCPU *cpu, int csrno)
{
    return mstatus_with_sd(cpu->mstatus);
}

static void write_mstatus_masked(RISCVCPU *cpu, uint64_t val, uint64_t mask)
{
    uint64_t old = cpu->mstatus;
    uint64_t s = (old & ~mask) | (val & mask);

    /* MPP is WARL: 2 is reserved, and S needs S-mode (always present here). */
    if (((s & MSTATUS_MPP) >> 11) == 2) {
        s = (s & ~MSTATUS_MPP) | (old & MSTATUS_MPP);
    }
    if (!cpu->ext_f) {
        s &= ~MSTATUS_FS;
    }
    s &= ~(MSTATUS_XS | MSTATUS_VS | MSTATUS_UBE | MSTATUS_SBE | MSTATUS_MBE);
    s = (s & ~(MSTATUS_UXL | MSTATUS_SXL)) | (2ull << 32) | (2ull << 34);
    cpu->mstatus = mstatus_with_sd(s);
    /* MXR changes what a page walk allows; it is not part of the MMU index. */
    if ((old ^ s) & MSTATUS_MXR) {
        tlb_flush(CPU(cpu));
    }
    riscv_cpu_update_mip(cpu);
}

static void write_mstatus(RISCVCPU *cpu, int csrno, uint64_t val)
{
    const uint64_t mask = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE |
                          MSTATUS_SPP | MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV |
                          MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW |
                          MSTATUS_TSR;
    write_mstatus_masked(cpu, val, mask);
}

static uint64_t read_sstatus(RISCVCPU *cpu, int csrno)
{
    return mstatus_with_sd(cpu->mstatus) & SSTATUS_MASK;
}

static void write_sstatus(RISCVCPU *cpu, int csrno, uint64_t val)
{
    const uint64_t mask = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS |
                          MSTATUS_SUM | MSTATUS_MXR;
    write_mstatus_masked(cpu, val, mask);
}

static void write_medeleg(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->medeleg = val & DELEGABLE_EXCPS;
}

static void write_mideleg(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->mideleg = val & S_INTERRUPTS;
    riscv_cpu_update_mip(cpu);
}

static void write_mie(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->mie = val & ALL_INTERRUPTS;
    riscv_cpu_update_mip(cpu);
}

static uint64_t read_mip(RISCVCPU *cpu, int csrno)
{
    return riscv_read_mip(cpu);
}

static void write_mip(RISCVCPU *cpu, int csrno, uint64_t val)
{
    uint64_t mask = MIP_SSIP | MIP_SEIP | (sstc_enabled(cpu) ? 0 : MIP_STIP);

    cpu->mip = (cpu->mip & ~mask) | (val & mask);
    riscv_cpu_update_mip(cpu);
}

static uint64_t read_sie(RISCVCPU *cpu, int csrno)
{
    return cpu->mie & cpu->mideleg;
}

static void write_sie(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->mie = (cpu->mie & ~cpu->mideleg) | (val & cpu->mideleg);
    riscv_cpu_update_mip(cpu);
}

static uint64_t read_sip(RISCVCPU *cpu, int csrno)
{
    return riscv_read_mip(cpu) & cpu->mideleg;
}

static void write_sip(RISCVCPU *cpu, int csrno, uint64_t val)
{
    /* Priv spec 4.1.3: only SSIP is writable from S-mode. */
    uint64_t mask = cpu->mideleg & MIP_SSIP;

    cpu->mip = (cpu->mip & ~mask) | (val & mask);
    riscv_cpu_update_mip(cpu);
}

static uint64_t tvec_legal(uint64_t old, uint64_t val)
{
    /* Modes 2 and 3 are reserved: keep the old mode. */
    if ((val & 3) >= 2) {
        return (val & ~3ull) | (old & 3);
    }
    return val & ~2ull;
}

static void write_mtvec(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->mtvec = tvec_legal(cpu->mtvec, val);
}

static void write_stvec(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->stvec = tvec_legal(cpu->stvec, val);
}

uint64_t riscv_epc_read(const RISCVCPU *cpu, uint64_t v)
{
    return cpu->ext_c ? v & ~1ull : v & ~3ull;
}

static uint64_t read_mepc(RISCVCPU *cpu, int csrno)
{
    return riscv_epc_read(cpu, cpu->mepc);
}

static void write_mepc(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->mepc = val & ~1ull;
}

static uint64_t read_sepc(RISCVCPU *cpu, int csrno)
{
    return riscv_epc_read(cpu, cpu->sepc);
}

static void write_sepc(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->sepc = val & ~1ull;
}

static void write_satp(RISCVCPU *cpu, int csrno, uint64_t val)
{
    unsigned mode = (unsigned)(val >> 60);
    bool ok = mode == 0 || (mode == 8 && cpu->mmu_sv39) || (mode == 9 && cpu->mmu_sv48) ||
              (mode == 10 && cpu->mmu_sv57);

    /* Priv spec 4.1.11: a write with an unsupported MODE has no effect. */
    if (!ok) {
        return;
    }
    if (mode == 0) {
        val = 0;          /* Bare: ASID and PPN are ignored; keep them zero */
    }
    /* ASIDLEN = 16; PPN is 44 bits. */
    val &= (0xfull << 60) | (0xffffull << 44) | ((1ull << 44) - 1);
    if (val != cpu->satp) {
        cpu->satp = val;
        tlb_flush(CPU(cpu));
    }
}

static void write_menvcfg(RISCVCPU *cpu, int csrno, uint64_t val)
{
    uint64_t mask = ENVCFG_FIOM | ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE;

    if (cpu->ext_svpbmt) {
        mask |= ENVCFG_PBMTE;
    }
    if (cpu->ext_sstc) {
        mask |= ENVCFG_STCE;
    }
    val &= mask;
    /* CBIE value 2 is reserved: keep the old field. */
    if (((val & ENVCFG_CBIE) >> 4) == 2) {
        val = (val & ~ENVCFG_CBIE) | (cpu->menvcfg & ENVCFG_CBIE);
    }
    if ((val ^ cpu->menvcfg) & ENVCFG_PBMTE) {
        tlb_flush(CPU(cpu));
    }
    cpu->menvcfg = val;
    riscv_update_stimecmp(cpu);
}

static void write_senvcfg(RISCVCPU *cpu, int csrno, uint64_t val)
{
    val &= ENVCFG_FIOM | ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE;
    if (((val & ENVCFG_CBIE) >> 4) == 2) {
        val = (val & ~ENVCFG_CBIE) | (cpu->senvcfg & ENVCFG_CBIE);
    }
    cpu->senvcfg = val;
}

static uint64_t read_stimecmp(RISCVCPU *cpu, int csrno)
{
    return cpu->stimecmp;
}

static void write_stimecmp(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->stimecmp = val;
    riscv_update_stimecmp(cpu);
}

static uint64_t read_mcounteren(RISCVCPU *cpu, int csrno)
{
    return cpu->mcounteren;
}

static uint64_t read_scounteren(RISCVCPU *cpu, int csrno)
{
    return cpu->scounteren;
}

static uint64_t read_mcountinhibit(RISCVCPU *cpu, int csrno)
{
    return cpu->mcountinhibit;
}

static void write_mcounteren(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->mcounteren = (uint32_t)val;
}

static void write_scounteren(RISCVCPU *cpu, int csrno, uint64_t val)
{
    cpu->scounteren = (uint32_t)val;
}

/* ---- PMP (priv spec 3.7) ------------------------------------------------ */

#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_A 0x18
#define PMP_L 0x80

static bool pmp_locked(const RISCVCPU *cpu, int i)
{
    return cpu->pmpcfg[i] & PMP_L;
}

static uint64_t read_pmpcfg(RISCVCPU *cpu, int csrno)
{
    int first = (csrno - CSR_PMPCFG0) * 4;
    uint64_t v = 0;

    for (int i = 0; i < 8 && first + i < RISCV_PMP_ENTRIES; i++) {
        v |= (uint64_t)cpu->pmpcfg[first + i] << (8 * i);
    }
    return v;
}

static void write_pmpcfg(RISCVCPU *cpu, int csrno, uint64_t val)
{
    int first = (csrno - CSR_PMPCFG0) * 4;

    for (int i = 0; i < 8 && first + i < RISCV_PMP_ENTRIES; i++) {
        uint8_t cfg = (uint8_t)(val >> (8 * i));
        if (pmp_locked(cpu, first + i)) {
            continue;
        }
        /* R=0, W=1 is reserved: make it no-access for W. */
        if ((cfg & (PMP_R | PMP_W)) == PMP_W) {
            cfg &= (uint8_t)~PMP_W;
        }
        cpu->pmpcfg[first + i] = cfg & (PMP_R | PMP_W | PMP_X | PMP_A | PMP_L);
    }
    tlb_flush(CPU(cpu));
}

static uint64_t read_pmpaddr(RISCVCPU *cpu, int csrno)
{
    int i = csrno - CSR_PMPADDR0;

    return i < RISCV_PMP_ENTRIES ? cpu->pmpaddr[i] : 0;
}

static void write_pmpaddr(RISCVCPU *cpu, int csrno, uint64_t val)
{
    int i = csrno - CSR_PMPADDR0;

    if (i >= RISCV_PMP_ENTRIES || pmp_locked(cpu, i)) {
        return;
    }
    /* A locked TOR entry also locks the address below it. */
    if (i + 1 < RISCV_PMP_ENTRIES && pmp_locked(cpu, i + 1) &&
        (cpu->pmpcfg[i + 1] & PMP_A) == 0x08) {
        return;
    }
    cpu->pmpaddr[i] = val & ((1ull << 54) - 1);
    tlb_flush(CPU(cpu));
}

/* ---- The table ---------------------------------------------------------- */

#define FIELD(f) offsetof(RISCVCPU, f)

static const CSRDesc csr_descs[] = {
    { CSR_FFLAGS, 1, "fflags", pred_fp, read_fflags, write_fflags, 0, 0 },
    { CSR_FRM, 1, "frm", pred_fp, read_frm, write_frm, 0, 0 },
    { CSR_FCSR, 1, "fcsr", pred_fp, read_fcsr, write_fcsr, 0, 0 },
    { CSR_CYCLE, 32, "cycle", pred_counter, read_counter, NULL, 0, 0 },

    { CSR_SSTATUS, 1, "sstatus", pred_any, read_sstatus, write_sstatus, 0, 0 },
    { CSR_SIE, 1, "sie", pred_any, read_sie, write_sie, 0, 0 },
    { CSR_STVEC, 1, "stvec", pred_any, NULL, write_stvec, FIELD(stvec), 0 },
    { CSR_SCOUNTEREN, 1, "scounteren", pred_any, read_scounteren, write_scounteren, 0, 0 },
    { CSR_SENVCFG, 1, "senvcfg", pred_any, NULL, write_senvcfg, FIELD(senvcfg), 0 },
    { CSR_SSCRATCH, 1, "sscratch", pred_any, NULL, NULL, FIELD(sscratch), ~0ull },
    { CSR_SEPC, 1, "sepc", pred_any, read_sepc, write_sepc, 0, 0 },
    { CSR_SCAUSE, 1, "scause", pred_any, NULL, NULL, FIELD(scause), ~0ull },
    { CSR_STVAL, 1, "stval", pred_any, NULL, NULL, FIELD(stval), ~0ull },
    { CSR_SIP, 1, "sip", pred_any, read_sip, write_sip, 0, 0 },
    { CSR_STIMECMP, 1, "stimecmp", pred_sstc, read_stimecmp, write_stimecmp, 0, 0 },
    { CSR_SATP, 1, "satp", pred_satp, NULL, write_satp, FIELD(satp), 0 },

    { CSR_MVENDORID, 1, "mvendorid", pred_any, read_zero, NULL, 0, 0 },
    { CSR_MARCHID, 1, "marchid", pred_any, read_zero, NULL, 0, 0 },
    { CSR_MIMPID, 1, "mimpid", pred_any, read_zero, NULL, 0, 0 },
    { CSR_MHARTID, 1, "mhartid", pred_any, NULL, NULL, FIELD(mhartid), 0 },
    { CSR_MCONFIGPTR, 1, "mconfigptr", pred_any, read_zero, NULL, 0, 0 },
    { CSR_MSTATUS, 1, "mstatus", pred_any, read_mstatus, write_mstatus, 0, 0 },
    /* misa is WARL; Vireo does not let software turn extensions off. */
    { CSR_MISA, 1, "misa", pred_any, NULL, write_ignore, FIELD(misa), 0 },
    { CSR_MEDELEG, 1, "medeleg", pred_any, NULL, write_medeleg, FIELD(medeleg), 0 },
    { CSR_MIDELEG, 1, "mideleg", pred_any, NULL, write_mideleg, FIELD(mideleg), 0 },
    { CSR_MIE, 1, "mie", pred_any, NULL, write_mie, FIELD(mie), 0 },
    { CSR_MTVEC, 1, "mtvec", pred_any, NULL, write_mtvec, FIELD(mtvec), 0 },
    { CSR_MCOUNTEREN, 1, "mcounteren", pred_any, read_mcounteren, write_mcounteren, 0, 0 },
    { CSR_MENVCFG, 1, "menvcfg", pred_any, NULL, write_menvcfg, FIELD(menvcfg), 0 },
    { CSR_MCOUNTINHIBIT, 1, "mcountinhibit", pred_mcounter, read_mcountinhibit,
      write_mcountinhibit,
      0, 0 },
    { 0x323, 29, "mhpmevent", pred_mcounter, read_zero, write_ignore, 0, 0 },
    { CSR_MSCRATCH, 1, "mscratch", pred_any, NULL, NULL, FIELD(mscratch), ~0ull },
    { CSR_MEPC, 1, "mepc", pred_any, read_mepc, write_mepc, 0, 0 },
    { CSR_MCAUSE, 1, "mcause", pred_any, NULL, NULL, FIELD(mcause), ~0ull },
    { CSR_MTVAL, 1, "mtval", pred_any, NULL, NULL, FIELD(mtval), ~0ull },
    { CSR_MIP, 1, "mip", pred_any, read_mip, write_mip, 0, 0 },
    { CSR_PMPCFG0, 16, "pmpcfg", pred_pmpcfg, read_pmpcfg, write_pmpcfg, 0, 0 },
    { CSR_PMPADDR0, 64, "pmpaddr", pred_any, read_pmpaddr, write_pmpaddr, 0, 0 },
    { CSR_MSECCFG, 1, "mseccfg", pred_any, read_zero, write_ignore, 0, 0 },
    { CSR_MCYCLE, 32, "mcycle", pred_mcounter, read_counter, write_mcounter, 0, 0 },
};

static const CSRDesc *csr_find(int csrno)
{
    static const CSRDesc *index[4096];
    static bool built;

    if (!built) {
        for (size_t i = 0; i < ARRAY_SIZE(csr_descs); i++) {
            for (unsigned n = 0; n < csr_descs[i].count; n++) {
                index[csr_descs[i].num + n] = &csr_descs[i];
            }
        }
        built = true;
    }
    return csrno >= 0 && csrno < 4096 ? index[csrno] : NULL;
}

/* The plain-field CSRs that need no special handling on read. */
static uint64_t *csr_field(RISCVCPU *cpu, const CSRDesc *d)
{
    return (uint64_t *)((char *)cpu + d->field);
}

bool riscv_csr_access(RISCVCPU *cpu, int csrno, uint64_t *old, uint64_t val,
                      uint64_t write_mask, bool write)
{
    const CSRDesc *d = csr_find(csrno);
    unsigned min_priv = ((unsigned)csrno >> 8) & 3;
    bool read_only = ((unsigned)csrno >> 10) == 3;

    if (!d || !cpu->ext_zicsr) {
        return false;
    }
    /* Priv spec 2.1: bits [9:8] give the lowest privilege, [11:10] = 3 is RO. */
    if (cpu->priv < min_priv || (write && read_only)) {
        return false;
    }
    if (d->pred(cpu, csrno, write) != CSR_OK) {
        return false;
    }

    uint64_t cur;
    if (d->read) {
        cur = d->read(cpu, csrno);
    } else if (d->field) {
        cur = *csr_field(cpu, d);
    } else {
        cur = 0;
    }
    if (old) {
        *old = cur;
    }
    if (write) {
        /*
         * Priv spec 3.1.9: a read of mip returns SEIP ORed with the PLIC's
         * line, but only the software-writable SEIP takes part in the
         * read-modify-write of CSRRS/CSRRC; otherwise setting MSIP/SSIP while
         * the line is high would latch SEIP on forever.
         */
        uint64_t base = csrno == CSR_MIP ? cpu->mip : cur;
        uint64_t nv = (base & ~write_mask) | (val & write_mask);
        if (d->write) {
            d->write(cpu, csrno, nv);
        } else if (d->field && d->wmask) {
            uint64_t *f = csr_field(cpu, d);
            *f = (*f & ~d->wmask) | (nv & d->wmask);
        }
    }
    return true;
}

bool riscv_csr_read(RISCVCPU *cpu, int csrno, uint64_t *val)
{
    uint32_t priv = cpu->priv;
    bool ok;

    /* The debugger sees every CSR as M-mode would. */
    cpu->priv = PRV_M;
    ok = riscv_csr_access(cpu, csrno, val, 0, 0, false);
    cpu->priv = priv;
    return ok;
}

bool riscv_csr_write(RISCVCPU *cpu, int csrno, uint64_t val)
{
    uint32_t priv = cpu->priv;
    bool ok;

    cpu->priv = PRV_M;
    ok = riscv_csr_access(cpu, csrno, NULL, val, ~0ull, true);
    cpu->priv = priv;
    return ok;
}

bool riscv_csr_write_ends_tb(int csrno)
{
    switch (csrno) {
    case CSR_FFLAGS: case CSR_FRM: case CSR_FCSR:
    case CSR_SSCRATCH: case CSR_SEPC: case CSR_SCAUSE: case CSR_STVAL: case CSR_STVEC:
    case CSR_MSCRATCH: case CSR_MEPC: case CSR_MCAUSE: case CSR_MTVAL: case CSR_MTVEC:
        return false;
    default:
        return true;
    }
}
