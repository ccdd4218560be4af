/*
 * Unit test of RISC-V CSR semantics that the ISA tests cannot reach easily
 * (they need an interrupt line held high while M-mode code runs).
 */
#include "tests/unit/harness.h"
#include "target/riscv/cpu.h"
#include "target/riscv/csr.h"
#include "hw/core/qdev.h"

#define MIP_SSIP_BIT (1ull << IRQ_S_SOFT)
#define MIP_SEIP_BIT (1ull << IRQ_S_EXT)

/*
 * Priv spec 3.1.9: mip.SEIP reads as the software bit ORed with the external
 * line, but CSRRS/CSRRC modify only the software bit.  OpenSBI sets SSIP with
 * csrs mip while the PLIC may hold SEIP high; SEIP must drop with the line.
 * (Vireo once latched it: an endless S-external interrupt storm with -smp 2.)
 */
static void test_mip_seip_rmw(void)
{
    RISCVCPU *cpu = riscv_cpu_create(TYPE_RISCV_CPU_RV64, NULL, 0, NULL);
    uint64_t old = 0, v = 0;

    CHECK(cpu != NULL);
    if (!cpu) {
        return;
    }
    cpu->priv = PRV_M;
    irq_set(riscv_cpu_irq(cpu, IRQ_S_EXT), 1);
    CHECK(riscv_csr_access(cpu, CSR_MIP, &old, MIP_SSIP_BIT, MIP_SSIP_BIT, true)); /* csrs */
    CHECK(old & MIP_SEIP_BIT);
    irq_set(riscv_cpu_irq(cpu, IRQ_S_EXT), 0);
    CHECK(riscv_csr_access(cpu, CSR_MIP, &v, 0, 0, false));
    CHECK_EQ(v & (MIP_SEIP_BIT | MIP_SSIP_BIT), MIP_SSIP_BIT);
    /* csrc of SSIP with the line high again: SEIP must not latch either. */
    irq_set(riscv_cpu_irq(cpu, IRQ_S_EXT), 1);
    CHECK(riscv_csr_access(cpu, CSR_MIP, NULL, 0, MIP_SSIP_BIT, true));
    irq_set(riscv_cpu_irq(cpu, IRQ_S_EXT), 0);
    CHECK(riscv_csr_access(cpu, CSR_MIP, &v, 0, 0, false));
    CHECK_EQ(v & (MIP_SEIP_BIT | MIP_SSIP_BIT), 0);
    /* The software-writable SEIP itself still works (csrs / csrc). */
    CHECK(riscv_csr_access(cpu, CSR_MIP, NULL, MIP_SEIP_BIT, MIP_SEIP_BIT, true));
    CHECK(riscv_csr_access(cpu, CSR_MIP, &v, 0, 0, false));
    CHECK(v & MIP_SEIP_BIT);
    CHECK(riscv_csr_access(cpu, CSR_MIP, NULL, 0, MIP_SEIP_BIT, true));
    CHECK(riscv_csr_access(cpu, CSR_MIP, &v, 0, 0, false));
    CHECK_EQ(v & MIP_SEIP_BIT, 0);
}

int main(void)
{
    RUN_TEST(test_mip_seip_rmw);
    HARNESS_EXIT();
}
