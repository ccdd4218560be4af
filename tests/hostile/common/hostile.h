/*
 * The hostile guests' runtime: virt addresses, CSR access, a PRNG, console
 * output, and the trap policy (see hostile_trap in lib.c).
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define ROM_BASE      0x1000ull
#define TEST_BASE     0x100000ull         /* sifive_test: offset 0 is the exit */
#define RTC_BASE      0x101000ull
#define CLINT_BASE    0x2000000ull
#define CLINT_MSIP    (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000)
#define CLINT_MTIME   (CLINT_BASE + 0xbff8)
#define PLIC_BASE     0xc000000ull
#define UART_BASE     0x10000000ull
#define DRAM_BASE     0x80000000ull

#define MSTATUS_MIE   (1ull << 3)
#define MSTATUS_MPP   (3ull << 11)
#define MSTATUS_MPRV  (1ull << 17)
#define MIP_MSIP      (1ull << 3)
#define MIP_MTIP      (1ull << 7)
#define MIP_MEIP      (1ull << 11)

#define csr_read(csr) ({ uint64_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" :: "r"((uint64_t)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" :: "r"((uint64_t)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" :: "r"((uint64_t)(v)) : "memory")

#define MMIO8(a)  (*(volatile uint8_t *)(uintptr_t)(a))
#define MMIO16(a) (*(volatile uint16_t *)(uintptr_t)(a))
#define MMIO32(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define MMIO64(a) (*(volatile uint64_t *)(uintptr_t)(a))

/* Trap statistics, by exception cause (0..15) and interrupt (16 + irq). */
extern volatile uint64_t trap_count[32];
extern volatile uint64_t trap_total;
extern volatile uint64_t last_cause, last_epc, last_tval;

/*
 * Where to resume after a trap that cannot simply be skipped: an
 * instruction fetch fault, a trap from outside our code, or from S/U mode
 * (resumes in M-mode, MIE off).  0: such a trap fails the test.
 */
extern volatile uintptr_t recover_pc;
extern volatile uint64_t recover_cause;     /* the trap that recovered */
/* Interrupt hook (the irq number), called after the default handling
   (msip cleared, mtimecmp = ~0, PLIC claimed): it may re-arm. */
extern void (*volatile irq_hook)(unsigned irq);
/* Set before jumping into the boot ROM: _start resumes there. */
extern volatile uint64_t hostile_reentry;

/* Resume at the next instruction after `label` when recovering: sets
   recover_pc to a local label for the statement that follows. */
#define RECOVER_HERE(lbl) recover_pc = (uintptr_t)&&lbl

/* The random tests' seed: fixed for CI; make SEED=n for other runs. */
#ifndef HOSTILE_SEED
#define HOSTILE_SEED 0
#endif

uint64_t rand64(void);
void rand_seed(uint64_t s);
void putstr(const char *s);
void puthex(uint64_t v);
void uart_sane(void);
_Noreturn void fail(const char *why, uint64_t val);
uint64_t mtime(void);

/* Wake harts 1..nr_harts-1 (parked in WFI) to run fn(hartid); their traps
   go through hostile_trap too (on their own trap stacks). */
void start_secondaries(void (*fn)(unsigned hart), unsigned nr_harts);

/* Run fn(arg) in mode (0 = U, 1 = S) with mstatus.MPRV off; returns when
   fn returns (through ecall) or when a trap recovers; returns trap cause or
   ~0 if fn returned normally. */
uint64_t run_in_mode(unsigned mode, void (*fn)(void));

#endif
