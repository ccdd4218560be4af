/*
 * A tiny fake target for testing the execution engine without a real ISA.
 *
 * Each instruction is a little-endian 32-bit word, 2-byte aligned (so one can
 * straddle a page): op[7:0] rd[11:8] rs[15:12] imm[31:16] (signed).
 * Branch offsets are bytes relative to the instruction.  Exceptions go to
 * tvec with epc/cause/badaddr set.  With paging on, virtual pages map through
 * a small table; otherwise virtual == physical.
 *
 * Test machine: RAM [0, 1 MiB), ROM at 0x200000 (4 KiB), a test device at
 * 0x10000000 (4 KiB).
 */
#ifndef TESTS_UNIT_FAKE_CPU_H
#define TESTS_UNIT_FAKE_CPU_H

#include "accel/tb-internal.h"
#include "util/log.h"
#include "hw/core/timer.h"

enum {
    OP_HALT = 0x00, OP_ADDI = 0x01, OP_LUI = 0x02, OP_ST32 = 0x03, OP_LD32 = 0x04,
    OP_ST64 = 0x05, OP_LD64 = 0x06, OP_BNE = 0x07, OP_J = 0x08, OP_JR = 0x09,
    OP_LD32A = 0x0a, OP_EXIT = 0x0b, OP_ST8 = 0x0c, OP_SHLI = 0x0d, OP_ORI = 0x0e,
    OP_RDTIME = 0x0f,
};
#define INSN(op, rd, rs, imm) \
    ((uint32_t)(op) | ((uint32_t)(rd) << 8) | ((uint32_t)(rs) << 12) | \
     ((uint32_t)(uint16_t)(int16_t)(imm) << 16))

enum { CAUSE_ILLEGAL = 1, CAUSE_ACCESS = 2, CAUSE_PAGE = 3, CAUSE_MISALIGNED = 4,
       CAUSE_IRQ = 100 };

#define RAM_SIZE (1 * MiB)
#define ROM_BASE 0x200000
#define DEV_BASE 0x10000000

typedef struct FakeMap {
    vaddr vpage;
    hwaddr ppage;
    int prot;
    uint64_t size;
} FakeMap;

typedef struct FakeCPU {
    CPUState parent_obj;
    uint64_t regs[16];
    uint64_t pc;
    uint64_t tvec, epc, cause, badaddr;
    int ntraps, nfills;
    bool irq_enabled;
    bool paging;
    FakeMap map[32];
    int nmap;
} FakeCPU;

#define TYPE_FAKE_CPU "fake-cpu"
#define FAKE_CPU(obj) ((FakeCPU *)(obj))

/* ---- Machine ---- */
static MemoryRegion fake_sysmem, fake_ram, fake_rom, fake_dev;
static AddressSpace fake_as;
static uint64_t dev_last_write_off, dev_last_write_val;
static unsigned dev_last_write_size, dev_reads, dev_writes;

static uint64_t fake_dev_read(void *opaque, hwaddr off, unsigned size)
{
    dev_reads++;
    return 0x12345678u + off;
}

static CPUState *dev_exit_cpu;      /* a write at 0x800 kicks it */
static CPUState *dev_irq_cpu;       /* a write at 0x808 interrupts it */

static void fake_dev_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    if (off == 0x800 && dev_exit_cpu) {
        cpu_exit(dev_exit_cpu);
        return;
    }
    if (off == 0x808 && dev_irq_cpu) {
        cpu_interrupt(dev_irq_cpu, CPU_INTERRUPT_HARD);
        return;
    }
    dev_writes++;
    dev_last_write_off = off;
    dev_last_write_val = val;
    dev_last_write_size = size;
}

static const MemoryOps fake_dev_ops = {
    .read = fake_dev_read,
    .write = fake_dev_write,
    .min_access_size = 1,
    .max_access_size = 8,
};

static uint8_t *ram_ptr(hwaddr a)
{
    return fake_ram.ram + a;
}

/* Like a loader: write the word and drop stale translations of it. */
static UNUSED void put_insn(hwaddr a, uint32_t insn)
{
    memcpy(ram_ptr(a), &insn, 4);
    tb_invalidate_phys_range(a, a + 4);
}

/* ---- Translation ---- */
static TCGv_i64 fcpu_regs[16], fcpu_pc;

static void fake_helper_halt(CPUState *cpu)
{
    cpu->halted = true;
    cpu->exception_index = EXCP_HLT;
    cpu_loop_exit(cpu);
}

static void fake_helper_illegal(CPUState *cpu)
{
    FAKE_CPU(cpu)->badaddr = 0;
    FAKE_CPU(cpu)->cause = CAUSE_ILLEGAL;
    cpu->exception_index = CAUSE_ILLEGAL;
    cpu_loop_exit(cpu);
}

static uint64_t fake_helper_rdtime(CPUState *cpu)
{
    cpu_icount_sync(cpu, GETPC());
    return (uint64_t)clock_get_ns();
}

static const TCGHelperInfo rdtime_info = {
    .name = "rdtime", .func = (void *)fake_helper_rdtime, .nargs = 1, .has_ret = true,
};
static const TCGHelperInfo halt_info = {
    .name = "halt", .func = (void *)fake_helper_halt, .nargs = 1,
};
static const TCGHelperInfo illegal_info = {
    .name = "illegal", .func = (void *)fake_helper_illegal, .nargs = 1,
};

static void fake_translate_init(void)
{
    static const char *names[16] = { "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
                                     "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
    for (int i = 0; i < 16; i++) {
        fcpu_regs[i] = tcg_global_mem_new_i64(offsetof(FakeCPU, regs[i]), names[i]);
    }
    fcpu_pc = tcg_global_mem_new_i64(offsetof(FakeCPU, pc), "pc");
}

static void fake_goto(DisasContextBase *db, int slot, vaddr dest)
{
    if (translator_use_goto_tb(db, dest)) {
        if (dest == db->pc_first) {
            tcg_gen_goto_tb_loop(slot);     /* a loop within one TB */
        } else {
            tcg_gen_goto_tb(slot);
        }
        tcg_gen_movi_i64(fcpu_pc, (int64_t)dest);
        tcg_gen_exit_tb(db->tb, slot);
    } else {
        tcg_gen_movi_i64(fcpu_pc, (int64_t)dest);
        tcg_gen_lookup_and_goto_ptr();
    }
}

static void fake_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next, 0);
}

static void fake_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    vaddr pc = db->pc_next;
    uint32_t w;

    /* Only the first insn of a TB may cross the page end (as RISC-V). */
    if ((pc & ~TARGET_PAGE_MASK) > TARGET_PAGE_SIZE - 4 && db->num_insns > 1) {
        db->is_jmp = DISAS_TOO_MANY;
        return;
    }
    w = cpu_ldl_code(cpu, pc);
    unsigned op = w & 0xff, rd = (w >> 8) & 15, rs = (w >> 12) & 15;
    int64_t imm = (int16_t)(w >> 16);
    TCGv_i64 t;
    TCGLabel *l;

    db->pc_next = pc + 4;
    switch (op) {
    case OP_HALT:
        tcg_gen_movi_i64(fcpu_pc, (int64_t)(pc + 4));
        tcg_gen_call(&halt_info, TCGV_NONE_I64, tcg_env);
        db->is_jmp = DISAS_NORETURN;
        break;
    case OP_ADDI:
        tcg_gen_addi_i64(fcpu_regs[rd], fcpu_regs[rs], imm);
        break;
    case OP_LUI:
        tcg_gen_movi_i64(fcpu_regs[rd], (int64_t)((uint64_t)imm << 16));
        break;
    case OP_RDTIME:
        tcg_gen_call(&rdtime_info, fcpu_regs[rd], tcg_env);
        break;
    case OP_ORI:
        tcg_gen_ori_i64(fcpu_regs[rd], fcpu_regs[rs], imm & 0xffff);
        break;
    case OP_SHLI:
        tcg_gen_shli_i64(fcpu_regs[rd], fcpu_regs[rs], imm & 63);
        break;
    case OP_ST32: case OP_ST64: case OP_ST8:
        t = tcg_temp_new_i64();
        tcg_gen_addi_i64(t, fcpu_regs[rs], imm);
        tcg_gen_qemu_st_i64(fcpu_regs[rd], t, 0,
                            op == OP_ST32 ? MO_UL : op == OP_ST64 ? MO_UQ : MO_UB);
        break;
    case OP_LD32: case OP_LD64: case OP_LD32A:
        t = tcg_temp_new_i64();
        tcg_gen_addi_i64(t, fcpu_regs[rs], imm);
        tcg_gen_qemu_ld_i64(fcpu_regs[rd], t, 0,
                            op == OP_LD32 ? MO_UL : op == OP_LD64 ? MO_UQ : MO_UL | MO_ALIGN);
        break;
    case OP_BNE:
        l = gen_new_label();
        tcg_gen_brcond_i64(TCG_COND_EQ, fcpu_regs[rd], fcpu_regs[rs], l);
        fake_goto(db, 1, pc + imm);
        gen_set_label(l);
        fake_goto(db, 0, pc + 4);
        db->is_jmp = DISAS_NORETURN;
        break;
    case OP_J:
        fake_goto(db, 0, pc + imm);
        db->is_jmp = DISAS_NORETURN;
        break;
    case OP_JR:
        tcg_gen_mov_i64(fcpu_pc, fcpu_regs[rs]);
        tcg_gen_lookup_and_goto_ptr();
        db->is_jmp = DISAS_NORETURN;
        break;
    case OP_EXIT:
        tcg_gen_movi_i64(fcpu_pc, (int64_t)(pc + 4));
        tcg_gen_exit_tb(NULL, 0);
        db->is_jmp = DISAS_NORETURN;
        break;
    default:
        tcg_gen_movi_i64(fcpu_pc, (int64_t)pc);
        tcg_gen_call(&illegal_info, TCGV_NONE_I64, tcg_env);
        db->is_jmp = DISAS_NORETURN;
        break;
    }
}

static void fake_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    if (db->is_jmp == DISAS_TOO_MANY || db->is_jmp == DISAS_NEXT) {
        fake_goto(db, 0, db->pc_next);
    }
}

static const TranslatorOps fake_tr_ops = {
    .insn_start = fake_insn_start,
    .translate_insn = fake_translate_insn,
    .tb_stop = fake_tb_stop,
};

static void fake_translate(CPUState *cpu, TranslationBlock *tb, int max_insns)
{
    DisasContextBase db;
    translator_loop(cpu, tb, max_insns, &fake_tr_ops, &db);
}

/* ---- CPU hooks ---- */
static void NORETURN fake_raise(CPUState *cpu, int cause, vaddr badaddr, uintptr_t ra)
{
    FAKE_CPU(cpu)->cause = cause;
    FAKE_CPU(cpu)->badaddr = badaddr;
    cpu->exception_index = cause;
    cpu_loop_exit_restore(cpu, ra);
}

static bool fake_tlb_fill(CPUState *cpu, vaddr addr, int size, MMUAccessType access,
                          int mmu_idx, bool probe, uintptr_t ra)
{
    FakeCPU *f = FAKE_CPU(cpu);
    static const int need[3] = { PAGE_READ, PAGE_WRITE, PAGE_EXEC };

    f->nfills++;
    if (!f->paging) {
        tlb_set_page(cpu, addr & TARGET_PAGE_MASK, addr & TARGET_PAGE_MASK,
                     PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx, TARGET_PAGE_SIZE);
        return true;
    }
    for (int i = 0; i < f->nmap; i++) {
        FakeMap *m = &f->map[i];
        uint64_t sz = m->size ? m->size : TARGET_PAGE_SIZE;
        if (addr - m->vpage < sz && (m->prot & need[access])) {
            vaddr page = addr & TARGET_PAGE_MASK;
            tlb_set_page(cpu, page, m->ppage + (page - m->vpage), m->prot, mmu_idx, sz);
            return true;
        }
    }
    if (probe) {
        return false;
    }
    fake_raise(cpu, CAUSE_PAGE, addr, ra);
}

static void NORETURN fake_unaligned(CPUState *cpu, vaddr addr, MMUAccessType access,
                                    int mmu_idx, uintptr_t ra)
{
    fake_raise(cpu, CAUSE_MISALIGNED, addr, ra);
}

static void NORETURN fake_tx_failed(CPUState *cpu, hwaddr phys, vaddr addr, unsigned size,
                                    MMUAccessType access, int mmu_idx, MemTxResult res,
                                    uintptr_t ra)
{
    fake_raise(cpu, CAUSE_ACCESS, addr, ra);
}

static void fake_do_interrupt(CPUState *cpu)
{
    FakeCPU *f = FAKE_CPU(cpu);

    f->epc = f->pc;
    f->pc = f->tvec;
    f->ntraps++;
}

static bool fake_exec_interrupt(CPUState *cpu, uint32_t req)
{
    FakeCPU *f = FAKE_CPU(cpu);

    if ((req & CPU_INTERRUPT_HARD) && f->irq_enabled) {
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_HARD);
        f->cause = CAUSE_IRQ;
        fake_do_interrupt(cpu);
        return true;
    }
    return false;
}

static bool fake_has_work(CPUState *cpu)
{
    return (cpu->interrupt_request & CPU_INTERRUPT_HARD) != 0;
}

static void fake_get_tb_cpu_state(CPUState *cpu, vaddr *pc, uint64_t *flags)
{
    *pc = FAKE_CPU(cpu)->pc;
    *flags = 0;
}

static void fake_restore(CPUState *cpu, const TranslationBlock *tb, const uint64_t *data)
{
    FAKE_CPU(cpu)->pc = data[0];
}

static void fake_set_pc(CPUState *cpu, vaddr pc)
{
    FAKE_CPU(cpu)->pc = pc;
}

static vaddr fake_get_pc(CPUState *cpu)
{
    return FAKE_CPU(cpu)->pc;
}

static int fake_mmu_index(CPUState *cpu, bool ifetch)
{
    return 0;
}

static void fake_cpu_class_init(ObjectClass *oc, const void *data)
{
    CPUClass *cc = (CPUClass *)oc;

    cc->has_work = fake_has_work;
    cc->exec_interrupt = fake_exec_interrupt;
    cc->do_interrupt = fake_do_interrupt;
    cc->tlb_fill = fake_tlb_fill;
    cc->do_unaligned_access = fake_unaligned;
    cc->do_transaction_failed = fake_tx_failed;
    cc->mmu_index = fake_mmu_index;
    cc->get_tb_cpu_state = fake_get_tb_cpu_state;
    cc->translate = fake_translate;
    cc->restore_state_to_opc = fake_restore;
    cc->set_pc = fake_set_pc;
    cc->get_pc = fake_get_pc;
}

static const TypeInfo fake_cpu_info = {
    .name = TYPE_FAKE_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(FakeCPU),
    .class_init = fake_cpu_class_init,
};

static void fake_register(void)
{
    type_register_static(&fake_cpu_info);
}
type_init(fake_register)

/* Once per process, after accel_init: machine and globals. */
static void fake_machine_init(void)
{
    Error *err = NULL;

    memory_region_init_container(&fake_sysmem, NULL, "system", UINT64_MAX);
    if (!memory_region_init_ram(&fake_ram, NULL, "ram", RAM_SIZE, &err) ||
        !memory_region_init_rom(&fake_rom, NULL, "rom", 4096, &err)) {
        fprintf(stderr, "ram: %s\n", error_get_pretty(err));
        exit(1);
    }
    memory_region_init_io(&fake_dev, NULL, &fake_dev_ops, NULL, "dev", 4096);
    memory_region_add_subregion(&fake_sysmem, 0, &fake_ram);
    memory_region_add_subregion(&fake_sysmem, ROM_BASE, &fake_rom);
    memory_region_add_subregion(&fake_sysmem, DEV_BASE, &fake_dev);
    address_space_init(&fake_as, &fake_sysmem, "memory");
    fake_translate_init();
}

static FakeCPU *fake_cpu_new(void)
{
    FakeCPU *f = FAKE_CPU(object_new(TYPE_FAKE_CPU));
    f->parent_obj.as = &fake_as;
    return f;
}

static UNUSED void fake_cpu_free(FakeCPU *f)
{
    object_unref(OBJECT(f));
}

/* Run from pc until the CPU halts (or anything else); returns cpu_exec's result. */
static UNUSED int fake_run(FakeCPU *f, vaddr pc)
{
    CPUState *cpu = &f->parent_obj;

    f->pc = pc;
    cpu->halted = false;
    return cpu_exec(cpu);
}

#endif
