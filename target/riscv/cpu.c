/*
 * The RISC-V hart as a device: type registration, extension properties,
 * reset, IRQ inputs, and the CPUClass hooks the execution engine calls.
 */
#include "target/riscv/cpu.h"
#include "target/riscv/csr.h"
#include "hw/core/timer.h"
#include "util/error.h"
#include "util/log.h"

/* misa letters that Vireo implements (RV64, so MXL = 2). */
#define MISA_MXL_64 (2ull << 62)
#define MISA_BIT(c) (1ull << ((c) - 'A'))

static void riscv_cpu_irq_handler(void *opaque, int n, int level)
{
    RISCVCPU *cpu = opaque;
    uint64_t bit = 1ull << n;

    if (level) {
        cpu->irq_lines |= bit;
    } else {
        cpu->irq_lines &= ~bit;
    }
    riscv_cpu_update_mip(cpu);
}

IRQ *riscv_cpu_irq(RISCVCPU *cpu, int n)
{
    assert(n >= 0 && n < (int)ARRAY_SIZE(cpu->irq_in));
    return cpu->irq_in[n];
}

void riscv_cpu_set_rdtime(RISCVCPU *cpu, uint64_t (*fn)(void *), void *opaque)
{
    cpu->rdtime = fn;
    cpu->rdtime_opaque = opaque;
}

/*
 * Pending interrupts are mip (software-written bits) OR the hardware lines,
 * plus STIP from Sstc.  The engine only needs to know whether something is
 * pending and enabled in mie; exec_interrupt applies the global enables.
 */
void riscv_cpu_update_mip(RISCVCPU *cpu)
{
    CPUState *cs = CPU(cpu);

    if (riscv_pending_interrupts(cpu)) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    } else {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    }
}

static void riscv_stimecmp_expired(void *opaque)
{
    riscv_cpu_update_mip(opaque);
}

/* ---- Extensions -------------------------------------------------------- */

typedef struct ExtFlag {
    RVExt ext;
    size_t offset;          /* bool field in RISCVCPU */
    const char *name;       /* as in the ISA string */
} ExtFlag;

#define EXT(e, field, n) { RV_EXT_##e, offsetof(RISCVCPU, field), n }
static const ExtFlag ext_flags[] = {
    EXT(M, ext_m, "m"), EXT(A, ext_a, "a"), EXT(F, ext_f, "f"), EXT(D, ext_d, "d"),
    EXT(C, ext_c, "c"),
    EXT(ZICBOM, ext_zicbom, "zicbom"), EXT(ZICBOP, ext_zicbop, "zicbop"),
    EXT(ZICBOZ, ext_zicboz, "zicboz"), EXT(ZICNTR, ext_zicntr, "zicntr"),
    EXT(ZICOND, ext_zicond, "zicond"), EXT(ZICSR, ext_zicsr, "zicsr"),
    EXT(ZIFENCEI, ext_zifencei, "zifencei"),
    EXT(ZIHINTPAUSE, ext_zihintpause, "zihintpause"), EXT(ZIHPM, ext_zihpm, "zihpm"),
    EXT(ZFH, ext_zfh, "zfh"), EXT(ZFHMIN, ext_zfhmin, "zfhmin"),
    EXT(ZBA, ext_zba, "zba"), EXT(ZBB, ext_zbb, "zbb"), EXT(ZBC, ext_zbc, "zbc"),
    EXT(ZBKB, ext_zbkb, "zbkb"), EXT(ZBKX, ext_zbkx, "zbkx"), EXT(ZBS, ext_zbs, "zbs"),
    EXT(SSTC, ext_sstc, "sstc"), EXT(SVINVAL, ext_svinval, "svinval"),
    EXT(SVNAPOT, ext_svnapot, "svnapot"), EXT(SVPBMT, ext_svpbmt, "svpbmt"),
};
#undef EXT

static bool ext_flag_on(const RISCVCPU *cpu, const ExtFlag *f)
{
    return *(const bool *)((const char *)cpu + f->offset);
}

char *riscv_cpu_isa_string(const RISCVCPU *cpu)
{
    size_t size = 256, len;
    char *s = xmalloc(size);

    len = (size_t)snprintf(s, size, "rv64i");
    for (size_t i = 0; i < ARRAY_SIZE(ext_flags); i++) {
        const ExtFlag *f = &ext_flags[i];
        if (!ext_flag_on(cpu, f)) {
            continue;
        }
        bool single = f->name[1] == '\0';
        len += (size_t)snprintf(s + len, size - len, "%s%s", single ? "" : "_", f->name);
        assert(len < size);
    }
    return s;
}

static bool riscv_cpu_realize(DeviceState *dev, Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(dev);

    /* Dependencies between extensions, as the specs state them. */
    if (cpu->ext_d && !cpu->ext_f) {
        error_setg(errp, "-cpu: extension 'd' requires 'f'");
        return false;
    }
    if ((cpu->ext_f || cpu->ext_zfh || cpu->ext_zfhmin) && !cpu->ext_zicsr) {
        error_setg(errp, "-cpu: floating point requires 'zicsr'");
        return false;
    }
    if ((cpu->ext_zfh || cpu->ext_zfhmin) && !cpu->ext_f) {
        error_setg(errp, "-cpu: 'zfh'/'zfhmin' require 'f'");
        return false;
    }
    if (!cpu->mmu_sv39 && (cpu->mmu_sv48 || cpu->mmu_sv57)) {
        error_setg(errp, "-cpu: sv48/sv57 require sv39");
        return false;
    }
    if (cpu->ext_zfh) {
        cpu->ext_zfhmin = true;
    }

    cpu->ext = RV_EXT_BIT(RV_EXT_I) | RV_EXT_BIT(RV_EXT_PRIV);
    for (size_t i = 0; i < ARRAY_SIZE(ext_flags); i++) {
        if (ext_flag_on(cpu, &ext_flags[i])) {
            cpu->ext |= RV_EXT_BIT(ext_flags[i].ext);
        }
    }

    cpu->misa = MISA_MXL_64 | MISA_BIT('I') | MISA_BIT('S') | MISA_BIT('U');
    if (cpu->ext_m) {
        cpu->misa |= MISA_BIT('M');
    }
    if (cpu->ext_a) {
        cpu->misa |= MISA_BIT('A');
    }
    if (cpu->ext_f) {
        cpu->misa |= MISA_BIT('F');
    }
    if (cpu->ext_d) {
        cpu->misa |= MISA_BIT('D');
    }
    if (cpu->ext_c) {
        cpu->misa |= MISA_BIT('C');
    }

    for (int n = 0; n < (int)ARRAY_SIZE(cpu->irq_in); n++) {
        cpu->irq_in[n] = irq_new(riscv_cpu_irq_handler, cpu, n);
    }
    cpu->stimecmp_timer = timer_new(riscv_stimecmp_expired, cpu);
    cpu_engine_init(CPU(cpu));
    return true;
}

static void riscv_cpu_reset(DeviceState *dev)
{
    RISCVCPU *cpu = RISCV_CPU(dev);
    CPUState *cs = CPU(cpu);

    memset(cpu->gpr, 0, sizeof(cpu->gpr));
    memset(cpu->fpr, 0, sizeof(cpu->fpr));
    cpu->pc = cpu->resetvec;
    cpu->priv = PRV_M;
    cpu->load_res = -1;
    cpu->fflags = 0;
    cpu->frm = 0;
    /* Priv spec 3.4: MIE and MPRV reset to 0; UXL/SXL fixed at 64. */
    cpu->mstatus = (2ull << 32) | (2ull << 34);
    cpu->medeleg = cpu->mideleg = 0;
    cpu->mie = cpu->mip = 0;
    cpu->mtvec = cpu->stvec = 0;
    cpu->mepc = cpu->sepc = 0;
    cpu->mcause = cpu->scause = 0;
    cpu->mtval = cpu->stval = 0;
    cpu->mscratch = cpu->sscratch = 0;
    cpu->satp = 0;
    cpu->menvcfg = cpu->senvcfg = 0;
    cpu->mcounteren = cpu->scounteren = cpu->mcountinhibit = 0;
    cpu->mcycle_base = cpu->minstret_base = 0;
    cpu->stimecmp = UINT64_MAX;
    cpu->mseccfg = 0;
    memset(cpu->pmpcfg, 0, sizeof(cpu->pmpcfg));
    memset(cpu->pmpaddr, 0, sizeof(cpu->pmpaddr));
    timer_del(cpu->stimecmp_timer);
    cs->exception_index = EXCP_NONE;
    cs->halted = false;
    cs->interrupt_request = 0;
    tlb_flush(cs);
    riscv_cpu_update_mip(cpu);
}

RISCVCPU *riscv_cpu_create(const char *typename, const char *props, int hartid,
                           Error **errp)
{
    ObjectClass *oc = object_class_by_name(typename);

    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_RISCV_CPU)) {
        error_setg(errp, "-cpu: unknown CPU model '%s' (try -cpu help)", typename);
        return NULL;
    }
    RISCVCPU *cpu = RISCV_CPU(object_new(typename));
    if (props && *props && !object_set_props_from_string(OBJECT(cpu), props, errp)) {
        object_unref(OBJECT(cpu));
        return NULL;
    }
    cpu->mhartid = (uint64_t)hartid;
    CPU(cpu)->cpu_index = hartid;
    if (!qdev_realize(DEVICE(cpu), errp)) {
        object_unref(OBJECT(cpu));
        return NULL;
    }
    qdev_reset(DEVICE(cpu));
    return cpu;
}

void riscv_cpu_list(FILE *out)
{
    size_t n;
    ObjectClass **list = object_class_get_list(TYPE_RISCV_CPU, &n);

    fprintf(out, "Available CPUs:\n");
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "  %-12s %s\n", object_class_get_name(list[i]),
                list[i]->desc ? list[i]->desc : "");
    }
    free(list);
    fprintf(out, "Extensions can be switched with properties, e.g. -cpu rv64,zbb=false;\n"
                 "-cpu rv64,help lists them.\n");
}

/* ---- CPUClass hooks ---------------------------------------------------- */

int riscv_cpu_mmu_index(const RISCVCPU *cpu, bool ifetch)
{
    unsigned priv = cpu->priv;

    /* Priv spec 3.1.6.3: MPRV makes M-mode loads and stores use MPP. */
    if (!ifetch && priv == PRV_M && (cpu->mstatus & MSTATUS_MPRV)) {
        priv = (unsigned)((cpu->mstatus & MSTATUS_MPP) >> 11);
    }
    switch (priv) {
    case PRV_M:
        return RISCV_MMU_M;
    case PRV_S:
        return (!ifetch && (cpu->mstatus & MSTATUS_SUM)) ? RISCV_MMU_S_SUM : RISCV_MMU_S;
    default:
        return RISCV_MMU_U;
    }
}

/* The engine calls the hooks below per TB lookup and TLB miss: they take
   the CPU without the checked QOM cast (cs is always a RISCVCPU here). */
static inline RISCVCPU *riscv_cpu_of(CPUState *cs)
{
    return (RISCVCPU *)cs;
}

static int riscv_cpu_mmu_index_hook(CPUState *cs, bool ifetch)
{
    return riscv_cpu_mmu_index(riscv_cpu_of(cs), ifetch);
}

static void riscv_get_tb_cpu_state(CPUState *cs, vaddr *pc, uint64_t *flags)
{
    RISCVCPU *cpu = riscv_cpu_of(cs);
    uint64_t f = cpu->priv & 3;

    f |= (uint64_t)riscv_cpu_mmu_index(cpu, false) << 2;
    f |= ((cpu->mstatus & MSTATUS_FS) >> 13) << 5;
    if (cpu->ext_c) {
        f |= TB_FLAGS_RVC;
    }
    *pc = cpu->pc;
    *flags = f;
}

static void riscv_restore_state_to_opc(CPUState *cs, const TranslationBlock *tb,
                                       const uint64_t *data)
{
    riscv_cpu_of(cs)->pc = data[0];
}

static vaddr riscv_get_pc(CPUState *cs)
{
    return riscv_cpu_of(cs)->pc;
}

static void riscv_set_pc(CPUState *cs, vaddr pc)
{
    riscv_cpu_of(cs)->pc = pc;
}

static bool riscv_cpu_has_work(CPUState *cs)
{
    /* Priv spec 3.3.3: WFI resumes on any locally enabled pending interrupt,
       whatever the global enables. */
    return riscv_pending_interrupts(riscv_cpu_of(cs)) != 0;
}

static void riscv_cpu_dump_state(CPUState *cs, FILE *out)
{
    RISCVCPU *cpu = RISCV_CPU(cs);
    static const char priv_name[4] = { 'U', 'S', '?', 'M' };

    fprintf(out, " pc       %016" PRIx64 "  priv %c\n", cpu->pc, priv_name[cpu->priv & 3]);
    fprintf(out, " mstatus  %016" PRIx64 "  mip %016" PRIx64 "  mie %016" PRIx64 "\n",
            cpu->mstatus, riscv_read_mip(cpu), cpu->mie);
    fprintf(out, " mcause   %016" PRIx64 "  mepc %016" PRIx64 "  mtval %016" PRIx64 "\n",
            cpu->mcause, cpu->mepc, cpu->mtval);
    fprintf(out, " scause   %016" PRIx64 "  sepc %016" PRIx64 "  stval %016" PRIx64 "\n",
            cpu->scause, cpu->sepc, cpu->stval);
    fprintf(out, " satp     %016" PRIx64 "\n", cpu->satp);
    for (int i = 0; i < 32; i++) {
        fprintf(out, " %-4s %016" PRIx64 "%s", rv_reg_name((unsigned)i), cpu->gpr[i],
                (i & 3) == 3 ? "\n" : " ");
    }
    if (cpu->ext_f) {
        for (int i = 0; i < 32; i++) {
            fprintf(out, " %-4s %016" PRIx64 "%s", rv_freg_name((unsigned)i), cpu->fpr[i],
                    (i & 3) == 3 ? "\n" : " ");
        }
    }
}

static int riscv_disas_insn(CPUState *cs, vaddr pc, const uint8_t *bytes, size_t avail,
                            char *buf, size_t size)
{
    uint32_t raw = 0;
    RVInsn insn;

    if (avail < 2) {
        snprintf(buf, size, "(unavailable)");
        return 2;
    }
    raw = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8;
    if (rv_insn_length((uint16_t)raw) == 4) {
        if (avail < 4) {
            snprintf(buf, size, ".2byte 0x%x", raw);
            return 2;
        }
        raw |= (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
    }
    rv_decode(raw, RISCV_CPU(cs)->ext, &insn);
    rv_disas(buf, size, pc, &insn);
    return insn.len;
}

/* ---- Type registration ------------------------------------------------- */

static const Property riscv_cpu_props[] = {
    DEFINE_PROP_BOOL("m", RISCVCPU, ext_m, true),
    DEFINE_PROP_BOOL("a", RISCVCPU, ext_a, true),
    DEFINE_PROP_BOOL("f", RISCVCPU, ext_f, true),
    DEFINE_PROP_BOOL("d", RISCVCPU, ext_d, true),
    DEFINE_PROP_BOOL("c", RISCVCPU, ext_c, true),
    DEFINE_PROP_BOOL("zicsr", RISCVCPU, ext_zicsr, true),
    DEFINE_PROP_BOOL("zifencei", RISCVCPU, ext_zifencei, true),
    DEFINE_PROP_BOOL("zicntr", RISCVCPU, ext_zicntr, true),
    DEFINE_PROP_BOOL("zihpm", RISCVCPU, ext_zihpm, true),
    DEFINE_PROP_BOOL("zba", RISCVCPU, ext_zba, true),
    DEFINE_PROP_BOOL("zbb", RISCVCPU, ext_zbb, true),
    DEFINE_PROP_BOOL("zbc", RISCVCPU, ext_zbc, true),
    DEFINE_PROP_BOOL("zbs", RISCVCPU, ext_zbs, true),
    DEFINE_PROP_BOOL("zbkb", RISCVCPU, ext_zbkb, true),
    DEFINE_PROP_BOOL("zbkx", RISCVCPU, ext_zbkx, true),
    DEFINE_PROP_BOOL("zicond", RISCVCPU, ext_zicond, true),
    DEFINE_PROP_BOOL("zihintpause", RISCVCPU, ext_zihintpause, true),
    DEFINE_PROP_BOOL("zfh", RISCVCPU, ext_zfh, true),
    DEFINE_PROP_BOOL("zfhmin", RISCVCPU, ext_zfhmin, true),
    DEFINE_PROP_BOOL("zicbom", RISCVCPU, ext_zicbom, true),
    DEFINE_PROP_BOOL("zicboz", RISCVCPU, ext_zicboz, true),
    DEFINE_PROP_BOOL("zicbop", RISCVCPU, ext_zicbop, true),
    DEFINE_PROP_BOOL("sstc", RISCVCPU, ext_sstc, true),
    DEFINE_PROP_BOOL("svpbmt", RISCVCPU, ext_svpbmt, true),
    DEFINE_PROP_BOOL("svnapot", RISCVCPU, ext_svnapot, true),
    DEFINE_PROP_BOOL("svinval", RISCVCPU, ext_svinval, true),
    DEFINE_PROP_BOOL("sv39", RISCVCPU, mmu_sv39, true),
    DEFINE_PROP_BOOL("sv48", RISCVCPU, mmu_sv48, true),
    DEFINE_PROP_BOOL("sv57", RISCVCPU, mmu_sv57, true),
    DEFINE_PROP_UINT64("resetvec", RISCVCPU, resetvec, 0x1000),
    DEFINE_PROP_UINT32("cbom_blocksize", RISCVCPU, cbom_blocksize, 64),
    DEFINE_PROP_UINT32("cboz_blocksize", RISCVCPU, cboz_blocksize, 64),
    DEFINE_PROP_END_OF_LIST(),
};

static void riscv_cpu_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    CPUClass *cc = OBJECT_CLASS_CHECK(CPUClass, oc, TYPE_CPU);

    oc->props = riscv_cpu_props;
    dc->realize = riscv_cpu_realize;
    dc->reset = riscv_cpu_reset;
    cc->has_work = riscv_cpu_has_work;
    cc->exec_interrupt = riscv_cpu_exec_interrupt;
    cc->do_interrupt = riscv_cpu_do_interrupt;
    cc->tlb_fill = riscv_cpu_tlb_fill;
    cc->mmu_index = riscv_cpu_mmu_index_hook;
    cc->do_unaligned_access = riscv_cpu_do_unaligned_access;
    cc->do_transaction_failed = riscv_cpu_do_transaction_failed;
    cc->get_tb_cpu_state = riscv_get_tb_cpu_state;
    cc->translate = riscv_cpu_translate;
    cc->restore_state_to_opc = riscv_restore_state_to_opc;
    cc->get_pc = riscv_get_pc;
    cc->set_pc = riscv_set_pc;
    cc->dump_state = riscv_cpu_dump_state;
    cc->disas_insn = riscv_disas_insn;
    riscv_gdb_init_class(cc);
}

static void rv64_class_init(ObjectClass *oc, const void *data)
{
    oc->desc = "RV64GC with B, Zicond, Zfh, Zicbo*, Sstc, Svpbmt, Svnapot, Svinval";
}

static const TypeInfo riscv_cpu_type = {
    .name = TYPE_RISCV_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(RISCVCPU),
    .abstract = true,
    .class_init = riscv_cpu_class_init,
};

static const TypeInfo rv64_type = {
    .name = TYPE_RISCV_CPU_RV64,
    .parent = TYPE_RISCV_CPU,
    .class_init = rv64_class_init,
};

static void riscv_cpu_register_types(void)
{
    type_register_static(&riscv_cpu_type);
    type_register_static(&rv64_type);
}
type_init(riscv_cpu_register_types)
