/*
 * Internal interface between the RISC-V CPU files: CSR helpers, traps,
 * interrupts and the helpers that generated code calls.
 */
#ifndef TARGET_RISCV_CSR_H
#define TARGET_RISCV_CSR_H

#include "target/riscv/cpu.h"

/* CSR numbers used outside csr.c. */
enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02,
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SCOUNTEREN = 0x106,
    CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143, CSR_SIP = 0x144, CSR_STIMECMP = 0x14d, CSR_SATP = 0x180,
    CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13, CSR_MHARTID = 0xf14,
    CSR_MCONFIGPTR = 0xf15,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303,
    CSR_MIE = 0x304, CSR_MTVEC = 0x305, CSR_MCOUNTEREN = 0x306, CSR_MENVCFG = 0x30a,
    CSR_MCOUNTINHIBIT = 0x320, CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341,
    CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_PMPCFG0 = 0x3a0, CSR_PMPADDR0 = 0x3b0, CSR_MSECCFG = 0x747,
    CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02,
};

/* menvcfg / senvcfg fields. */
#define ENVCFG_FIOM   (1ull << 0)
#define ENVCFG_CBIE   (3ull << 4)
#define ENVCFG_CBCFE  (1ull << 6)
#define ENVCFG_CBZE   (1ull << 7)
#define ENVCFG_PBMTE  (1ull << 62)
#define ENVCFG_STCE   (1ull << 63)

/* Interrupt bits pending (mip as the guest reads it) and pending & enabled. */
uint64_t riscv_read_mip(const RISCVCPU *cpu);
uint64_t riscv_pending_interrupts(const RISCVCPU *cpu);
/* The platform timer in ticks (10 MHz), for time and stimecmp. */
uint64_t riscv_read_time(const RISCVCPU *cpu);
/* Re-arm the Sstc timer after stimecmp, menvcfg or time changed. */
void riscv_update_stimecmp(RISCVCPU *cpu);

/*
 * One CSR access: read the old value into *old (if old != NULL) and, if
 * write_mask is non-zero, write (old & ~mask) | (val & mask).  Returns false
 * when the access is illegal (the caller raises illegal instruction).
 * write says whether the instruction writes at all (csrrs with rs1 = x0 does
 * not, so a read-only CSR is fine).
 */
bool riscv_csr_access(RISCVCPU *cpu, int csrno, uint64_t *old, uint64_t val,
                      uint64_t write_mask, bool write);
/* True if writing csrno may change translation flags or interrupt state:
   the translator ends the TB after such writes. */
bool riscv_csr_write_ends_tb(int csrno);

/* mepc/sepc as read (and as MRET/SRET jump to): priv spec 3.1.14, with
   IALIGN=32 bit 1 reads as zero. */
uint64_t riscv_epc_read(const RISCVCPU *cpu, uint64_t v);

/* Take a trap now (exception or interrupt), updating the hart's state. */
void riscv_do_trap(RISCVCPU *cpu, uint64_t cause, bool interrupt, uint64_t tval);

/* Memory fault hooks for the engine. */
void riscv_cpu_do_unaligned_access(CPUState *cs, vaddr addr, MMUAccessType access,
                                   int mmu_idx, uintptr_t retaddr) NORETURN;
void riscv_cpu_do_transaction_failed(CPUState *cs, hwaddr phys, vaddr addr, unsigned size,
                                     MMUAccessType access, int mmu_idx, MemTxResult res,
                                     uintptr_t retaddr) NORETURN;

void riscv_gdb_init_class(CPUClass *cc);

/* Helpers called from generated code (op_helper.c). */
extern const TCGHelperInfo helper_info_raise_exception;  /* (env, cause, tval) */
extern const TCGHelperInfo helper_info_csr;    /* (env, csrno|flags, val, mask, raw) -> old */
extern const TCGHelperInfo helper_info_mret;   /* (env) -> new pc */
extern const TCGHelperInfo helper_info_sret;   /* (env) -> new pc */
extern const TCGHelperInfo helper_info_wfi;    /* (env, next pc) */
extern const TCGHelperInfo helper_info_sfence_vma;   /* (env, addr, has_addr, raw) */
extern const TCGHelperInfo helper_info_cbo;    /* (env, op, addr, raw) */
/* Flags packed with csrno for helper_info_csr. */
#define CSR_OP_READ  (1u << 12)
#define CSR_OP_WRITE (1u << 13)

#endif
