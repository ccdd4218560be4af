# Instruction forms for scripts/gen-decode-vectors.py (assembled with
# binutils 2.40, -march=rv64gc_zba_zbb_zbc_zbs_zbkb_zbkx_zfh_zicbom_zicboz
# _zicbop_zihintpause_svinval).  32-bit forms are kept uncompressed.
.option norvc
start:
    lui a0, 0x12345
    lui t6, 0xfffff
    auipc ra, 0
    auipc s11, 0x80000
    jal ra, start
    jal zero, fwd
    jalr ra, 0(a0)
    jalr zero, -2048(t6)
    jalr s0, 2047(sp)
    beq a0, a1, start
    bne t0, t1, fwd
    blt s2, s3, start
    bge zero, ra, fwd
    bltu a6, a7, start
    bgeu t5, t6, fwd
    lb a0, -1(a1)
    lh a0, 2(a1)
    lw a0, -2048(sp)
    ld s1, 2047(gp)
    lbu tp, 0(zero)
    lhu t2, 100(s0)
    lwu a5, -100(a4)
    sb a0, -1(a1)
    sh a0, 2(a1)
    sw a0, -2048(sp)
    sd s1, 2047(gp)
    addi a0, a1, -1
    addi zero, zero, 0
    slti a0, a1, 2047
    sltiu a0, a1, -2048
    xori a0, a1, -1
    ori a0, a1, 0x555
    andi a0, a1, 255
    slli a0, a1, 0
    slli a0, a1, 63
    srli a0, a1, 32
    srai a0, a1, 1
    add a0, a1, a2
    sub s10, s11, t3
    sll a0, a1, a2
    slt a0, a1, a2
    sltu a0, a1, a2
    xor a0, a1, a2
    srl a0, a1, a2
    sra a0, a1, a2
    or a0, a1, a2
    and a0, a1, a2
    addiw a0, a1, -5
    slliw a0, a1, 31
    srliw a0, a1, 1
    sraiw a0, a1, 17
    addw a0, a1, a2
    subw a0, a1, a2
    sllw a0, a1, a2
    srlw a0, a1, a2
    sraw a0, a1, a2
    fence
    fence rw, rw
    fence i, o
    fence r, w
    fence w, r
    fence iorw, w
    fence.tso
    pause
    fence.i
    ecall
    ebreak
    csrrw a0, mstatus, a1
    csrrs a0, mepc, zero
    csrrc zero, mie, t0
    csrrwi a0, sstatus, 5
    csrrsi a0, mip, 31
    csrrci a0, satp, 0
    csrrs a0, cycle, zero
    csrrs a0, time, zero
    csrrs a0, instret, zero
    csrrs a0, 0x7c0, zero
    csrrw a0, fcsr, a1
    csrrw a0, frm, a1
    csrrw a0, fflags, a1
    csrrw a0, stimecmp, a1
    csrrw a0, pmpaddr13, a1
    csrrw a0, pmpcfg2, a1
    csrrw a0, mhpmcounter17, a1
    csrrw a0, mhpmevent5, a1
    csrrs a0, hpmcounter31, zero
    csrrw a0, menvcfg, a1
    csrrw a0, mcountinhibit, a1
    mret
    sret
    wfi
    sfence.vma zero, zero
    sfence.vma a0, zero
    sfence.vma a0, a1
    sinval.vma a0, a1
    sfence.w.inval
    sfence.inval.ir
    mul a0, a1, a2
    mulh a0, a1, a2
    mulhsu a0, a1, a2
    mulhu a0, a1, a2
    div a0, a1, a2
    divu a0, a1, a2
    rem a0, a1, a2
    remu a0, a1, a2
    mulw a0, a1, a2
    divw a0, a1, a2
    divuw a0, a1, a2
    remw a0, a1, a2
    remuw a0, a1, a2
    lr.w a0, (a1)
    lr.w.aq a0, (a1)
    lr.d.aqrl a0, (a1)
    sc.w a0, a1, (a2)
    sc.d.rl a0, a1, (a2)
    amoswap.w a0, a1, (a2)
    amoadd.w.aq a0, a1, (a2)
    amoxor.w.rl a0, a1, (a2)
    amoand.w.aqrl a0, a1, (a2)
    amoor.w a0, a1, (a2)
    amomin.w a0, a1, (a2)
    amomax.w a0, a1, (a2)
    amominu.w a0, a1, (a2)
    amomaxu.w a0, a1, (a2)
    amoswap.d a0, a1, (a2)
    amoadd.d a0, a1, (a2)
    amoxor.d a0, a1, (a2)
    amoand.d a0, a1, (a2)
    amoor.d a0, a1, (a2)
    amomin.d a0, a1, (a2)
    amomax.d a0, a1, (a2)
    amominu.d a0, a1, (a2)
    amomaxu.d.aqrl a0, a1, (a2)
    flw fa0, 8(a0)
    fsw ft11, -8(sp)
    fld fs0, 2040(a0)
    fsd fa0, -8(sp)
    flh fa0, 2(a0)
    fsh fa0, -2(a0)
    fmadd.s fa0, fa1, fa2, fa3
    fmsub.s fa0, fa1, fa2, fa3, rtz
    fnmsub.s fa0, fa1, fa2, fa3, rdn
    fnmadd.s fa0, fa1, fa2, fa3, rup
    fmadd.d fa0, fa1, fa2, fa3, rmm
    fmsub.d fa0, fa1, fa2, fa3
    fnmsub.d fa0, fa1, fa2, fa3
    fnmadd.d fa0, fa1, fa2, fa3, rne
    fmadd.h fa0, fa1, fa2, fa3
    fmsub.h fa0, fa1, fa2, fa3
    fnmsub.h fa0, fa1, fa2, fa3
    fnmadd.h fa0, fa1, fa2, fa3
    fadd.s fa0, fa1, fa2
    fadd.s fa0, fa1, fa2, rne
    fsub.s fa0, fa1, fa2
    fmul.s fa0, fa1, fa2
    fdiv.s fa0, fa1, fa2
    fsqrt.s fa0, fa1
    fsgnj.s fa0, fa1, fa2
    fsgnjn.s fa0, fa1, fa2
    fsgnjx.s fa0, fa1, fa2
    fmin.s fa0, fa1, fa2
    fmax.s fa0, fa1, fa2
    fcvt.w.s a0, fa1
    fcvt.wu.s a0, fa1, rtz
    fcvt.l.s a0, fa1
    fcvt.lu.s a0, fa1
    fmv.x.w a0, fa1
    fclass.s a0, fa1
    feq.s a0, fa1, fa2
    flt.s a0, fa1, fa2
    fle.s a0, fa1, fa2
    fcvt.s.w fa0, a1
    fcvt.s.wu fa0, a1
    fcvt.s.l fa0, a1
    fcvt.s.lu fa0, a1, rup
    fmv.w.x fa0, a1
    fadd.d fa0, fa1, fa2, rtz
    fsub.d fa0, fa1, fa2
    fmul.d fa0, fa1, fa2
    fdiv.d fa0, fa1, fa2
    fsqrt.d fa0, fa1
    fsgnj.d fa0, fa1, fa2
    fsgnjn.d fa0, fa1, fa2
    fsgnjx.d fa0, fa1, fa2
    fmin.d fa0, fa1, fa2
    fmax.d fa0, fa1, fa2
    fcvt.s.d fa0, fa1
    fcvt.d.s fa0, fa1
    feq.d a0, fa1, fa2
    flt.d a0, fa1, fa2
    fle.d a0, fa1, fa2
    fclass.d a0, fa1
    fcvt.w.d a0, fa1
    fcvt.wu.d a0, fa1
    fcvt.l.d a0, fa1
    fcvt.lu.d a0, fa1
    fmv.x.d a0, fa1
    fcvt.d.w fa0, a1
    fcvt.d.wu fa0, a1
    fcvt.d.l fa0, a1
    fcvt.d.lu fa0, a1
    fmv.d.x fa0, a1
    fadd.h fa0, fa1, fa2
    fsub.h fa0, fa1, fa2
    fmul.h fa0, fa1, fa2
    fdiv.h fa0, fa1, fa2
    fsqrt.h fa0, fa1
    fsgnj.h fa0, fa1, fa2
    fsgnjn.h fa0, fa1, fa2
    fsgnjx.h fa0, fa1, fa2
    fmin.h fa0, fa1, fa2
    fmax.h fa0, fa1, fa2
    feq.h a0, fa1, fa2
    flt.h a0, fa1, fa2
    fle.h a0, fa1, fa2
    fclass.h a0, fa1
    fcvt.w.h a0, fa1
    fcvt.wu.h a0, fa1
    fcvt.l.h a0, fa1
    fcvt.lu.h a0, fa1
    fmv.x.h a0, fa1
    fcvt.h.w fa0, a1
    fcvt.h.wu fa0, a1
    fcvt.h.l fa0, a1
    fcvt.h.lu fa0, a1
    fmv.h.x fa0, a1
    fcvt.s.h fa0, fa1
    fcvt.h.s fa0, fa1
    fcvt.d.h fa0, fa1
    fcvt.h.d fa0, fa1
    sh1add a0, a1, a2
    sh2add a0, a1, a2
    sh3add a0, a1, a2
    add.uw a0, a1, a2
    sh1add.uw a0, a1, a2
    sh2add.uw a0, a1, a2
    sh3add.uw a0, a1, a2
    slli.uw a0, a1, 5
    slli.uw a0, a1, 63
    andn a0, a1, a2
    orn a0, a1, a2
    xnor a0, a1, a2
    clz a0, a1
    ctz a0, a1
    cpop a0, a1
    clzw a0, a1
    ctzw a0, a1
    cpopw a0, a1
    max a0, a1, a2
    maxu a0, a1, a2
    min a0, a1, a2
    minu a0, a1, a2
    sext.b a0, a1
    sext.h a0, a1
    zext.h a0, a1
    rol a0, a1, a2
    ror a0, a1, a2
    rori a0, a1, 63
    rolw a0, a1, a2
    rorw a0, a1, a2
    roriw a0, a1, 31
    orc.b a0, a1
    rev8 a0, a1
    clmul a0, a1, a2
    clmulh a0, a1, a2
    clmulr a0, a1, a2
    bclr a0, a1, a2
    bclri a0, a1, 63
    bext a0, a1, a2
    bexti a0, a1, 0
    binv a0, a1, a2
    binvi a0, a1, 32
    bset a0, a1, a2
    bseti a0, a1, 1
    pack a0, a1, a2
    packh a0, a1, a2
    packw a0, a1, a2
    brev8 a0, a1
    xperm4 a0, a1, a2
    xperm8 a0, a1, a2
    .insn r 0x33, 5, 7, a0, a1, a2
    .insn r 0x33, 7, 7, t6, s0, zero
    cbo.inval (a0)
    cbo.clean (sp)
    cbo.flush (t6)
    cbo.zero (a1)
    prefetch.i 0(a0)
    prefetch.r 2016(a1)
    prefetch.w -2048(sp)
.option rvc
    c.addi4spn a0, sp, 16
    c.addi4spn s1, sp, 1020
    c.fld fa0, 8(a1)
    c.lw a0, 4(a1)
    c.lw s0, 124(a5)
    c.ld a0, 248(a1)
    c.fsd fs1, 0(a5)
    c.sw a0, 64(a1)
    c.sd a0, 8(a1)
    c.nop
    c.addi a0, 1
    c.addi sp, -32
    c.addiw a0, 31
    c.addiw t6, -1
    c.li a0, -5
    c.li zero, 0
    c.addi16sp sp, 32
    c.addi16sp sp, -512
    c.lui a0, 1
    c.lui t6, 0xfffe0
    c.srli a0, 3
    c.srli s1, 63
    c.srai a0, 32
    c.andi a0, -3
    c.sub a0, a1
    c.xor s0, s1
    c.or a4, a5
    c.and a2, a3
    c.subw a0, a1
    c.addw a0, a1
    c.j start
    c.j fwd
    c.beqz a0, fwd
    c.bnez s1, fwd
    c.slli a0, 3
    c.slli t6, 63
    c.fldsp fa0, 8(sp)
    c.lwsp a0, 252(sp)
    c.ldsp ra, 504(sp)
    c.jr ra
    c.jr t6
    c.mv a0, a1
    c.ebreak
    c.jalr a0
    c.add a0, a1
    c.fsdsp fs11, 504(sp)
    c.swsp a0, 4(sp)
    c.sdsp ra, 8(sp)
fwd:
    c.beqz a0, start
    c.bnez a0, start
