/*
 * Address translation and PMP fed garbage:
 *  1. satp = random mode/ASID/root + sfence.vma, then S- and U-mode code
 *     is entered (its fetch faults somewhere in the walk);
 *  2. M-mode loads and stores with MPRV (as S) through a root page table
 *     full of random PTEs: the walker follows random pointers into devices
 *     and holes; then tables pointing at themselves and at device registers;
 *  3. random PMP entries (no lock bits), then U/S-mode code and MPRV
 *     accesses; then one locked entry over an unused range.
 * Every round ends with sfence.vma and a sane state, and a U-mode round
 * trip must work at the end.
 */
#include "hostile.h"

#define SATP_MODE(m) ((uint64_t)(m) << 60)

static uint64_t table[512] __attribute__((aligned(4096)));
static uint64_t data[64];
static volatile uint64_t lower_ran;

static void lower_work(void)
{
    data[lower_ran & 63] += 1;
    lower_ran++;
}

/* One access with MPRV set and MPP = S; a fault skips it. */
static void mprv_access(uint64_t va, bool store)
{
    uint64_t on = MSTATUS_MPRV | (1ull << 11), off = MSTATUS_MPRV;

    csr_clear(mstatus, MSTATUS_MPP);
    if (store) {
        __asm__ volatile("csrs mstatus, %0\n sd zero, 0(%2)\n csrc mstatus, %1"
                         :: "r"(on), "r"(off), "r"(va) : "memory");
    } else {
        __asm__ volatile("csrs mstatus, %0\n ld zero, 0(%2)\n csrc mstatus, %1"
                         :: "r"(on), "r"(off), "r"(va) : "memory");
    }
    csr_set(mstatus, MSTATUS_MPP);
}

static void sane(void)
{
    csr_write(satp, 0);
    csr_write(pmpcfg0, 0x1f);
    csr_write(pmpcfg2, 0);
    csr_write(pmpaddr0, ~0ull);
    __asm__ volatile("sfence.vma" ::: "memory");
}

static uint64_t random_satp(void)
{
    static const unsigned modes[] = { 0, 8, 9, 10, 1, 15 };
    return SATP_MODE(modes[rand64() % 6]) | (rand64() & ((1ull << 60) - 1));
}

int main(void)
{
    rand_seed(HOSTILE_SEED ^ 0x5a7b);

    /* 1. Random satp, then lower-privilege code. */
    for (int i = 0; i < 300; i++) {
        csr_write(satp, random_satp());
        __asm__ volatile("sfence.vma" ::: "memory");
        run_in_mode(i & 1, lower_work);
        sane();
    }

    /* 2. A root table of random PTEs; MPRV accesses at random VAs. */
    for (int i = 0; i < 200; i++) {
        for (int k = 0; k < 512; k++) {
            uint64_t pte = rand64();
            /* Mostly valid pointers to low physical memory (devices, ROM,
               holes) and some to random places. */
            if (k & 1) {
                pte = (pte & 0x3ff) | ((rand64() & 0xfffff) << 10);
            }
            table[k] = pte;
        }
        __asm__ volatile("fence" ::: "memory");
        unsigned mode = 8 + i % 3;
        csr_write(satp, SATP_MODE(mode) | ((uintptr_t)table >> 12));
        __asm__ volatile("sfence.vma" ::: "memory");
        for (int k = 0; k < 16; k++) {
            mprv_access(rand64(), false);
            mprv_access(rand64() & 0x7fffffffffull, (k & 3) == 0);
        }
        sane();
    }

    /* 2b. Tables that point at themselves (every level walks the same
       page) and at device registers (the walker reads UART/PLIC/CLINT). */
    static const uint64_t targets[] = {
        0, UART_BASE, PLIC_BASE + 0x200000, CLINT_BASE, ROM_BASE, TEST_BASE,
    };
    for (unsigned t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
        uint64_t base = targets[t] ? targets[t] : (uintptr_t)table;
        for (int k = 0; k < 512; k++) {
            table[k] = (base >> 12) << 10 | 1;          /* V only: next level */
        }
        __asm__ volatile("fence" ::: "memory");
        for (unsigned mode = 8; mode <= 10; mode++) {
            csr_write(satp, SATP_MODE(mode) | ((uintptr_t)table >> 12));
            __asm__ volatile("sfence.vma" ::: "memory");
            for (int k = 0; k < 8; k++) {
                mprv_access(rand64(), k & 1);
            }
            run_in_mode(1, lower_work);
            sane();
        }
    }

    /* 3. PMP garbage (no locks). */
    for (int i = 0; i < 300; i++) {
        for (unsigned n = 0; n < 16; n++) {
            uint64_t v = rand64();
            switch (n) {
            case 0: csr_write(pmpaddr0, v); break;
            case 1: csr_write(pmpaddr1, v); break;
            case 2: csr_write(pmpaddr2, v); break;
            case 3: csr_write(pmpaddr3, v); break;
            case 4: csr_write(pmpaddr4, v); break;
            case 5: csr_write(pmpaddr5, v >> (v & 31)); break;
            case 6: csr_write(pmpaddr6, (uintptr_t)data >> 2); break;
            case 7: csr_write(pmpaddr7, ~0ull); break;
            default: csr_write(pmpaddr8, v); break;
            }
        }
        csr_write(pmpcfg0, rand64() & ~0x8080808080808080ull);
        csr_write(pmpcfg2, rand64() & ~0x8080808080808080ull);
        __asm__ volatile("sfence.vma" ::: "memory");
        run_in_mode(i & 1, lower_work);
        mprv_access((uintptr_t)data, i & 1);
        sane();
    }
    /* A locked entry (entry 15, TOR up to an unused address): stays. */
    csr_write(pmpaddr14, 0x400000000ull >> 2);
    csr_write(pmpaddr15, 0x500000000ull >> 2);
    csr_write(pmpcfg2, 0x8800000000000000ull);      /* entry 15: L | TOR */
    sane();

    lower_ran = 0;
    if (run_in_mode(0, lower_work) != ~0ull || lower_ran != 1) {
        fail("U-mode round trip after satp/PMP garbage", last_cause);
    }
    putstr("hostile: satp_pmp: ");
    puthex(trap_total);
    putstr(" traps\n");
    return 0;
}
