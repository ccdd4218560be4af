/*
 * The GDB view of a RISC-V hart: the target description (XML) and the
 * register numbering GDB's riscv port expects: x0-x31, pc (32), f0-f31
 * (33-64), and CSRs at 65 + csr number, so fflags/frm/fcsr are 66-68 (the
 * full "org.gnu.gdb.riscv.csr" feature is left for the gdbstub issue).
 */
#include "target/riscv/csr.h"

static const char riscv_gdb_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "  <architecture>riscv:rv64</architecture>\n"
    "  <feature name=\"org.gnu.gdb.riscv.cpu\">\n"
    "    <reg name=\"zero\" bitsize=\"64\" type=\"int\" regnum=\"0\"/>\n"
    "    <reg name=\"ra\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    "    <reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "    <reg name=\"gp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "    <reg name=\"tp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "    <reg name=\"t0\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"t1\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"t2\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"fp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "    <reg name=\"s1\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"a0\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"a1\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"a2\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"a3\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"a4\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"a5\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"a6\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"a7\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s2\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s3\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s4\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s5\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s6\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s7\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s8\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s9\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s10\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"s11\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"t3\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"t4\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"t5\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"t6\" bitsize=\"64\" type=\"int\"/>\n"
    "    <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    "  </feature>\n"
    "  <feature name=\"org.gnu.gdb.riscv.fpu\">\n"
    "    <reg name=\"ft0\" bitsize=\"64\" type=\"ieee_double\" regnum=\"33\"/>\n"
    "    <reg name=\"ft1\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft2\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft3\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft4\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft5\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft6\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft7\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs0\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs1\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fa0\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fa1\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fa2\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fa3\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fa4\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fa5\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fa6\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fa7\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs2\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs3\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs4\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs5\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs6\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs7\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs8\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs9\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs10\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fs11\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft8\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft9\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft10\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"ft11\" bitsize=\"64\" type=\"ieee_double\"/>\n"
    "    <reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"66\"/>\n"
    "    <reg name=\"frm\" bitsize=\"32\" type=\"int\" regnum=\"67\"/>\n"
    "    <reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>\n"
    "  </feature>\n"
    "</target>\n";

enum { GDB_PC = 32, GDB_F0 = 33, GDB_FFLAGS = 66, GDB_FRM = 67, GDB_FCSR = 68, GDB_NUM = 69 };

static void put_le(uint8_t *buf, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        buf[i] = (uint8_t)(v >> (8 * i));
    }
}

static uint64_t get_le(const uint8_t *buf, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        v |= (uint64_t)buf[i] << (8 * i);
    }
    return v;
}

/* Returns the register size in bytes, 0 for an unknown register. */
static int riscv_gdb_read_register(CPUState *cs, uint8_t *buf, int reg)
{
    RISCVCPU *cpu = RISCV_CPU(cs);

    if (reg < 32) {
        put_le(buf, cpu->gpr[reg], 8);
        return 8;
    }
    if (reg == GDB_PC) {
        put_le(buf, cpu->pc, 8);
        return 8;
    }
    if (reg >= GDB_F0 && reg < GDB_F0 + 32) {
        put_le(buf, cpu->fpr[reg - GDB_F0], 8);
        return 8;
    }
    if (reg == GDB_FFLAGS || reg == GDB_FRM || reg == GDB_FCSR) {
        uint64_t v = reg == GDB_FFLAGS ? cpu->fflags :
                     reg == GDB_FRM ? cpu->frm : (cpu->frm << 5) | cpu->fflags;
        put_le(buf, v, 4);
        return 4;
    }
    return 0;
}

static int riscv_gdb_write_register(CPUState *cs, const uint8_t *buf, int reg)
{
    RISCVCPU *cpu = RISCV_CPU(cs);

    if (reg < 32) {
        if (reg) {
            cpu->gpr[reg] = get_le(buf, 8);
        }
        return 8;
    }
    if (reg == GDB_PC) {
        cpu->pc = get_le(buf, 8);
        return 8;
    }
    if (reg >= GDB_F0 && reg < GDB_F0 + 32) {
        cpu->fpr[reg - GDB_F0] = get_le(buf, 8);
        return 8;
    }
    if (reg == GDB_FFLAGS || reg == GDB_FRM || reg == GDB_FCSR) {
        uint64_t v = get_le(buf, 4);
        if (reg == GDB_FFLAGS) {
            cpu->fflags = v & 0x1f;
        } else if (reg == GDB_FRM) {
            cpu->frm = v & 7;
        } else {
            cpu->fflags = v & 0x1f;
            cpu->frm = (v >> 5) & 7;
        }
        return 4;
    }
    return 0;
}

void riscv_gdb_init_class(CPUClass *cc)
{
    cc->gdb_core_xml = riscv_gdb_xml;
    cc->gdb_num_regs = GDB_NUM;
    cc->gdb_read_register = riscv_gdb_read_register;
    cc->gdb_write_register = riscv_gdb_write_register;
}
