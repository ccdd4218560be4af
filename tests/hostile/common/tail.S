/* Linked last: marks the end of the code, for the trap handler. */
    .text
    .globl _etext_hostile
_etext_hostile:
    nop
