/*
 * Address translation: Sv39/Sv48/Sv57 page walks with hardware A/D updates,
 * superpages, Svnapot and Svpbmt (priv spec 1.12 section 4.3-4.6), and PMP
 * (section 3.7).  The result is installed in the softmmu TLB.
 */
#include "target/riscv/csr.h"
#include "util/log.h"

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1ull << 44) - 1) << PTE_PPN_SHIFT)
#define PTE_RESERVED (0x7full << 54)
#define PTE_PBMT (3ull << 61)
#define PTE_N (1ull << 63)

#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_L 0x80
#define PMP_A_SHIFT 3
enum { PMP_OFF, PMP_TOR, PMP_NA4, PMP_NAPOT };

/* ---- PMP --------------------------------------------------------------- */

/* The byte range [start, end] of entry i, or false if it is off. */
static bool pmp_range(const RISCVCPU *cpu, int i, hwaddr *start, hwaddr *end)
{
    uint8_t cfg = cpu->pmpcfg[i];
    uint64_t a = cpu->pmpaddr[i];

    switch ((cfg >> PMP_A_SHIFT) & 3) {
    case PMP_TOR: {
        uint64_t lo = i ? cpu->pmpaddr[i - 1] << 2 : 0;
        uint64_t hi = a << 2;
        if (lo >= hi) {
            return false;
        }
        *start = lo;
        *end = hi - 1;
        return true;
    }
    case PMP_NA4:
        *start = a << 2;
        *end = *start + 3;
        return true;
    case PMP_NAPOT: {
        /* Trailing ones of pmpaddr give the size: 2^(ones + 3) bytes. */
        int ones = __builtin_ctzll(~a);
        if (ones >= 54) {
            *start = 0;
            *end = UINT64_MAX;
            return true;
        }
        uint64_t size = 1ull << (ones + 3);
        *start = (a << 2) & ~(size - 1);
        *end = *start + size - 1;
        return true;
    }
    default:
        return false;
    }
}

/*
 * The PMP permissions (PAGE_* bits) for priv on [addr, last], decided by the
 * lowest-numbered entry that touches the range (priv spec 3.7.1): a partial
 * match allows nothing; no match allows M-mode only.  *page_limit tells
 * whether the answer holds for the whole page of addr (TARGET_PAGE_SIZE) or
 * must not be cached (1).
 */
static int pmp_prot(RISCVCPU *cpu, hwaddr addr, hwaddr last, int priv, hwaddr *page_limit)
{
    hwaddr page = addr & TARGET_PAGE_MASK, page_end = page + TARGET_PAGE_SIZE - 1;
    bool whole_page = true;

    for (int i = 0; i < RISCV_PMP_ENTRIES; i++) {
        hwaddr s, e;
        if (!pmp_range(cpu, i, &s, &e) || s > page_end || e < page) {
            continue;            /* off, or does not touch this page */
        }
        if (s > page || e < page_end) {
            whole_page = false;  /* a sub-page entry: do not cache the page */
        }
        if (s > last || e < addr) {
            continue;
        }
        if (s > addr || e < last) {
            *page_limit = 1;     /* priv spec 3.7.1.3: partial matches fail */
            return 0;
        }
        uint8_t cfg = cpu->pmpcfg[i];
        bool enforce = priv != PRV_M || (cfg & PMP_L);
        *page_limit = whole_page ? TARGET_PAGE_SIZE : 1;
        return (!enforce || (cfg & PMP_R) ? PAGE_READ : 0) |
               (!enforce || (cfg & PMP_W) ? PAGE_WRITE : 0) |
               (!enforce || (cfg & PMP_X) ? PAGE_EXEC : 0);
    }
    *page_limit = whole_page ? TARGET_PAGE_SIZE : 1;
    return priv == PRV_M ? PAGE_READ | PAGE_WRITE | PAGE_EXEC : 0;
}

bool riscv_pmp_check(RISCVCPU *cpu, hwaddr addr, int size, MMUAccessType access,
                     int priv, hwaddr *page_limit)
{
    int need = access == MMU_DATA_LOAD ? PAGE_READ :
               access == MMU_DATA_STORE ? PAGE_WRITE : PAGE_EXEC;

    return pmp_prot(cpu, addr, addr + (hwaddr)size - 1, priv, page_limit) & need;
}

/* ---- Page walk ----------------------------------------------------------- */

typedef enum WalkResult { WALK_OK, WALK_PAGE_FAULT, WALK_ACCESS_FAULT } WalkResult;

static int mmu_idx_priv(int mmu_idx)
{
    switch (mmu_idx) {
    case RISCV_MMU_M:
        return PRV_M;
    case RISCV_MMU_S:
    case RISCV_MMU_S_SUM:
        return PRV_S;
    default:
        return PRV_U;
    }
}

static WalkResult page_walk(RISCVCPU *cpu, vaddr addr, MMUAccessType access, int mmu_idx,
                            hwaddr *paddr, int *prot, uint64_t *page_size)
{
    CPUState *cs = CPU(cpu);
    int priv = mmu_idx_priv(mmu_idx);
    unsigned mode = (unsigned)(cpu->satp >> 60);
    int levels;

    if (priv == PRV_M || mode == 0) {
        *paddr = addr;
        *prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        *page_size = TARGET_PAGE_SIZE;
        return WALK_OK;
    }
    switch (mode) {
    case 8:
        levels = 3;
        break;
    case 9:
        levels = 4;
        break;
    case 10:
        levels = 5;
        break;
    default:
        return WALK_PAGE_FAULT;   /* not reachable: satp rejects other modes */
    }

    /* The address must be sign-extended from bit va_bits - 1. */
    int va_bits = 12 + 9 * levels;
    int64_t top = (int64_t)addr >> (va_bits - 1);
    if (top != 0 && top != -1) {
        return WALK_PAGE_FAULT;
    }

    hwaddr table = (cpu->satp & ((1ull << 44) - 1)) << 12;
    bool sum = mmu_idx == RISCV_MMU_S_SUM;
    bool mxr = cpu->mstatus & MSTATUS_MXR;
    bool pbmte = cpu->menvcfg & ENVCFG_PBMTE;

    for (int level = levels - 1; level >= 0; level--) {
        unsigned idx = (unsigned)((addr >> (12 + 9 * level)) & 0x1ff);
        hwaddr pte_addr = table + idx * 8;
        hwaddr limit;
        MemTxResult res;

        if (!riscv_pmp_check(cpu, pte_addr, 8, MMU_DATA_LOAD, PRV_S, &limit)) {
            return WALK_ACCESS_FAULT;
        }
        uint64_t pte = address_space_ldq_le(cs->as, pte_addr, &res);
        if (res != MEMTX_OK) {
            return WALK_ACCESS_FAULT;
        }
        if (!(pte & PTE_V) || ((pte & (PTE_R | PTE_W)) == PTE_W) || (pte & PTE_RESERVED)) {
            return WALK_PAGE_FAULT;
        }
        if ((pte & PTE_PBMT) && (!cpu->ext_svpbmt || !pbmte || (pte & PTE_PBMT) == PTE_PBMT)) {
            return WALK_PAGE_FAULT;
        }
        if ((pte & PTE_N) && !cpu->ext_svnapot) {
            return WALK_PAGE_FAULT;
        }
        uint64_t ppn = (pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT;
        if (!(pte & (PTE_R | PTE_X))) {
            /* Non-leaf: D, A, U, N and PBMT are reserved (priv spec 4.3.1). */
            if (level == 0 || (pte & (PTE_D | PTE_A | PTE_U | PTE_N | PTE_PBMT))) {
                return WALK_PAGE_FAULT;
            }
            table = ppn << 12;
            continue;
        }

        /* Leaf: permissions. */
        if (pte & PTE_U) {
            if (priv == PRV_S && (access == MMU_INST_FETCH || !sum)) {
                return WALK_PAGE_FAULT;
            }
        } else if (priv == PRV_U) {
            return WALK_PAGE_FAULT;
        }
        bool readable = (pte & PTE_R) || (mxr && (pte & PTE_X));
        if ((access == MMU_DATA_LOAD && !readable) ||
            (access == MMU_DATA_STORE && !(pte & PTE_W)) ||
            (access == MMU_INST_FETCH && !(pte & PTE_X))) {
            return WALK_PAGE_FAULT;
        }
        /* Misaligned superpage. */
        if (level > 0 && (ppn & ((1ull << (9 * level)) - 1))) {
            return WALK_PAGE_FAULT;
        }
        uint64_t psize = 1ull << (12 + 9 * level);
        if (pte & PTE_N) {
            /* Svnapot: only 64 KiB pages (ppn[3:0] = 1000) at level 0. */
            if (level != 0 || (ppn & 0xf) != 0x8) {
                return WALK_PAGE_FAULT;
            }
            ppn &= ~0xfull;
            psize = 64 * KiB;
        }

        /* Hardware A/D update (the behaviour QEMU implements). */
        uint64_t want = PTE_A | (access == MMU_DATA_STORE ? PTE_D : 0);
        if ((pte & want) != want) {
            if (!riscv_pmp_check(cpu, pte_addr, 8, MMU_DATA_STORE, PRV_S, &limit)) {
                return WALK_ACCESS_FAULT;
            }
            pte |= want;
            address_space_stq_le(cs->as, pte_addr, pte, &res);
            if (res != MEMTX_OK) {
                return WALK_ACCESS_FAULT;
            }
        }

        hwaddr base = ppn << 12;
        *paddr = (base & ~(psize - 1)) | (addr & (psize - 1) & TARGET_PAGE_MASK);
        *page_size = psize;
        *prot = 0;
        if (readable) {
            *prot |= PAGE_READ;
        }
        /* Without D set, a store must come back here to set it. */
        if ((pte & PTE_W) && (pte & PTE_D)) {
            *prot |= PAGE_WRITE;
        }
        if ((pte & PTE_X) && !(priv == PRV_S && (pte & PTE_U))) {
            *prot |= PAGE_EXEC;
        }
        if (priv == PRV_S && (pte & PTE_U) && access != MMU_INST_FETCH) {
            *prot &= ~PAGE_EXEC;
        }
        return WALK_OK;
    }
    return WALK_PAGE_FAULT;
}

bool riscv_cpu_tlb_fill(CPUState *cs, vaddr addr, int size, MMUAccessType access,
                        int mmu_idx, bool probe, uintptr_t retaddr)
{
    RISCVCPU *cpu = (RISCVCPU *)cs;      /* hot: no checked cast */
    hwaddr paddr, limit;
    int prot, cause;
    uint64_t page_size;
    int priv = mmu_idx_priv(mmu_idx);
    WalkResult r = page_walk(cpu, addr, access, mmu_idx, &paddr, &prot, &page_size);

    if (r == WALK_OK) {
        hwaddr pa = paddr | (addr & ~TARGET_PAGE_MASK);
        if (!riscv_pmp_check(cpu, pa, size > 0 ? size : 1, access, priv, &limit)) {
            r = WALK_ACCESS_FAULT;
        } else {
            prot &= pmp_prot(cpu, pa, pa, priv, &limit);
            /* The requested access passed PMP, keep it even if another part of
               the page would not (the entry then serves this access only). */
            prot |= access == MMU_DATA_LOAD ? PAGE_READ :
                    access == MMU_DATA_STORE ? PAGE_WRITE : PAGE_EXEC;
            if (log_enabled(LOG_MMU)) {
                log_printf("riscv mmu: va 0x%" PRIx64 " -> pa 0x%" PRIx64 " prot %d idx %d\n",
                           addr, pa, prot, mmu_idx);
            }
            tlb_set_page(cs, addr & TARGET_PAGE_MASK, paddr, prot, mmu_idx,
                         limit < TARGET_PAGE_SIZE ? limit : page_size);
            return true;
        }
    }
    if (probe) {
        return false;
    }
    if (log_enabled(LOG_MMU)) {
        log_printf("riscv mmu: va 0x%" PRIx64 " access %d idx %d: %s fault\n", addr, access,
                   mmu_idx, r == WALK_PAGE_FAULT ? "page" : "access");
    }
    if (r == WALK_PAGE_FAULT) {
        cause = access == MMU_INST_FETCH ? RISCV_EXCP_INST_PAGE_FAULT :
                access == MMU_DATA_STORE ? RISCV_EXCP_STORE_PAGE_FAULT :
                RISCV_EXCP_LOAD_PAGE_FAULT;
    } else {
        cause = access == MMU_INST_FETCH ? RISCV_EXCP_INST_ACCESS_FAULT :
                access == MMU_DATA_STORE ? RISCV_EXCP_STORE_AMO_ACCESS_FAULT :
                RISCV_EXCP_LOAD_ACCESS_FAULT;
    }
    riscv_raise_exception(cpu, cause, addr, retaddr);
}
