/*
 * The RISC-V hart: architectural state and the interface the board uses
 * (IRQ inputs, the time source, the ISA string for the device tree).
 */
#ifndef TARGET_RISCV_CPU_H
#define TARGET_RISCV_CPU_H

#include "accel/cpu.h"
#include "target/riscv/insn.h"
#include "fpu/softfloat.h"

#define TYPE_RISCV_CPU "riscv-cpu"
#define TYPE_RISCV_CPU_RV64 "rv64"

typedef struct Timer Timer;

/* Privilege levels (priv spec 1.2). */
enum { PRV_U = 0, PRV_S = 1, PRV_M = 3 };

/*
 * MMU indexes.  Data accesses use the effective privilege (MPRV/MPP) and
 * SUM; fetches use the current privilege.  MXR changes flush the TLB.
 */
enum {
    RISCV_MMU_U = 0,
    RISCV_MMU_S = 1,
    RISCV_MMU_S_SUM = 2,
    RISCV_MMU_M = 3,
};

/* Interrupt numbers (mip/mie bits). */
enum {
    IRQ_S_SOFT = 1, IRQ_M_SOFT = 3,
    IRQ_S_TIMER = 5, IRQ_M_TIMER = 7,
    IRQ_S_EXT = 9, IRQ_M_EXT = 11,
};

/* Exception causes (mcause with interrupt bit clear). */
enum {
    RISCV_EXCP_INST_ADDR_MIS = 0,
    RISCV_EXCP_INST_ACCESS_FAULT = 1,
    RISCV_EXCP_ILLEGAL_INST = 2,
    RISCV_EXCP_BREAKPOINT = 3,
    RISCV_EXCP_LOAD_ADDR_MIS = 4,
    RISCV_EXCP_LOAD_ACCESS_FAULT = 5,
    RISCV_EXCP_STORE_AMO_ADDR_MIS = 6,
    RISCV_EXCP_STORE_AMO_ACCESS_FAULT = 7,
    RISCV_EXCP_U_ECALL = 8,
    RISCV_EXCP_S_ECALL = 9,
    RISCV_EXCP_M_ECALL = 11,
    RISCV_EXCP_INST_PAGE_FAULT = 12,
    RISCV_EXCP_LOAD_PAGE_FAULT = 13,
    RISCV_EXCP_STORE_PAGE_FAULT = 15,
};

#define RISCV_PMP_ENTRIES 16

typedef struct RISCVCPU {
    CPUState parent_obj;         /* must be first: env == cpu */

    /* ---- Read and written by generated code. ---- */
    uint64_t gpr[32];
    uint64_t fpr[32];            /* F values NaN-boxed in the low bits */
    uint64_t pc;
    uint64_t load_res;           /* LR reservation address, or -1 */
    uint64_t load_val;
    uint64_t badaddr;            /* tval for exceptions raised by helpers */
    uint32_t fflags;             /* accrued exceptions (fcsr[4:0]) */
    uint32_t frm;                /* dynamic rounding mode (fcsr[7:5]) */
    uint32_t priv;

    /* ---- CSRs (priv spec chapter 3 and 4). ---- */
    uint64_t mstatus;            /* sstatus is a view of it */
    uint64_t misa;
    uint64_t medeleg, mideleg;
    uint64_t mie;
    uint64_t mip;                /* software-writable bits | IRQ-driven bits */
    uint64_t mtvec, stvec;
    uint64_t mepc, sepc;
    uint64_t mcause, scause;
    uint64_t mtval, stval;
    uint64_t mscratch, sscratch;
    uint64_t satp;
    uint64_t menvcfg, senvcfg;
    uint32_t mcounteren, scounteren, mcountinhibit;
    uint64_t mcycle_base, minstret_base;   /* counter offsets (see csr.c) */
    uint64_t stimecmp;
    uint64_t mhartid;
    uint8_t pmpcfg[RISCV_PMP_ENTRIES];
    uint64_t pmpaddr[RISCV_PMP_ENTRIES];
    uint64_t mseccfg;

    /* ---- Configuration (properties). ---- */
    RVExtMask ext;               /* enabled extensions, from the bools below */
    bool ext_m, ext_a, ext_f, ext_d, ext_c;
    bool ext_zicsr, ext_zifencei, ext_zicntr, ext_zihpm;
    bool ext_zba, ext_zbb, ext_zbc, ext_zbs, ext_zbkb, ext_zbkx;
    bool ext_zicond, ext_zihintpause, ext_zfh, ext_zfhmin;
    bool ext_zicbom, ext_zicboz, ext_zicbop;
    bool ext_sstc, ext_svpbmt, ext_svnapot, ext_svinval;
    bool mmu_sv39, mmu_sv48, mmu_sv57;   /* satp modes accepted */
    uint64_t resetvec;
    uint32_t cbom_blocksize, cboz_blocksize;

    /* ---- Board wiring. ---- */
    IRQ *irq_in[16];             /* inputs by interrupt number */
    uint64_t (*rdtime)(void *opaque);    /* the 10 MHz platform timer (ACLINT mtime) */
    void *rdtime_opaque;
    Timer *stimecmp_timer;       /* Sstc */
    uint64_t irq_lines;          /* levels of the hardware IRQ inputs */
} RISCVCPU;

#define RISCV_CPU(obj) OBJECT_CHECK(RISCVCPU, (obj), TYPE_RISCV_CPU)

/* mstatus fields. */
#define MSTATUS_SIE   (1ull << 1)
#define MSTATUS_MIE   (1ull << 3)
#define MSTATUS_SPIE  (1ull << 5)
#define MSTATUS_UBE   (1ull << 6)
#define MSTATUS_MPIE  (1ull << 7)
#define MSTATUS_SPP   (1ull << 8)
#define MSTATUS_VS    (3ull << 9)
#define MSTATUS_MPP   (3ull << 11)
#define MSTATUS_FS    (3ull << 13)
#define MSTATUS_XS    (3ull << 15)
#define MSTATUS_MPRV  (1ull << 17)
#define MSTATUS_SUM   (1ull << 18)
#define MSTATUS_MXR   (1ull << 19)
#define MSTATUS_TVM   (1ull << 20)
#define MSTATUS_TW    (1ull << 21)
#define MSTATUS_TSR   (1ull << 22)
#define MSTATUS_UXL   (3ull << 32)
#define MSTATUS_SXL   (3ull << 34)
#define MSTATUS_SBE   (1ull << 36)
#define MSTATUS_MBE   (1ull << 37)
#define MSTATUS_SD    (1ull << 63)

/*
 * TB flags: everything translation depends on besides the pc.
 *   [1:0] priv   [4:2] data mmu index   [6:5] mstatus.FS
 *   [7] misa.C (enables 2-byte alignment of jump targets)
 */
#define TB_FLAGS_PRIV(f)    ((unsigned)(f) & 3)
#define TB_FLAGS_MMU_IDX(f) (((unsigned)(f) >> 2) & 7)
#define TB_FLAGS_FS(f)      (((unsigned)(f) >> 5) & 3)
#define TB_FLAGS_RVC        (1u << 7)

/* The board's view. */
RISCVCPU *riscv_cpu_create(const char *typename, const char *props, int hartid,
                           Error **errp);
/* IRQ input for interrupt number n (IRQ_M_SOFT, IRQ_M_TIMER, IRQ_M_EXT, IRQ_S_EXT). */
IRQ *riscv_cpu_irq(RISCVCPU *cpu, int n);
void riscv_cpu_set_rdtime(RISCVCPU *cpu, uint64_t (*fn)(void *), void *opaque);
/* "rv64imafdc_zicsr_..." for the device tree's riscv,isa; caller frees. */
char *riscv_cpu_isa_string(const RISCVCPU *cpu);
/* The listing for -cpu help. */
void riscv_cpu_list(FILE *out);

/* ---- Inside target/riscv. ---- */
int riscv_cpu_mmu_index(const RISCVCPU *cpu, bool ifetch);
void riscv_cpu_update_mip(RISCVCPU *cpu);          /* recompute pending -> interrupt_request */
void riscv_raise_exception(RISCVCPU *cpu, int cause, uint64_t tval, uintptr_t ra) NORETURN;
void riscv_cpu_do_interrupt(CPUState *cs);
bool riscv_cpu_exec_interrupt(CPUState *cs, uint32_t request);
bool riscv_cpu_tlb_fill(CPUState *cs, vaddr addr, int size, MMUAccessType access,
                        int mmu_idx, bool probe, uintptr_t retaddr);
void riscv_cpu_translate(CPUState *cs, TranslationBlock *tb, int max_insns);
/* CSR access from translated code (helpers) and the debugger. */
bool riscv_csr_read(RISCVCPU *cpu, int csrno, uint64_t *val);
bool riscv_csr_write(RISCVCPU *cpu, int csrno, uint64_t val);
/* PMP check for a physical access of size bytes at priv; true if allowed. */
bool riscv_pmp_check(RISCVCPU *cpu, hwaddr addr, int size, MMUAccessType access,
                     int priv, hwaddr *page_limit);

#endif
