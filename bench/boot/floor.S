/* The boot benchmark's floor: the least a multiboot kernel can do. It prints
 * one line on COM1 and exits QEMU, so its boot time is QEMU's own cost. */
    .set MB_MAGIC, 0x1BADB002
    .set MB_FLAGS, 0x3
    .set COM1, 0x3F8
    .set COM1_LSR, 0x3FD
    .set LSR_THR_EMPTY, 0x20
    .set DEBUG_EXIT, 0xF4

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

    .text
    .code32
    .globl _start
_start:
    movl $message, %esi
1:  movb (%esi), %al
    testb %al, %al
    jz 3f
    movw $COM1_LSR, %dx
2:  inb %dx, %al
    testb $LSR_THR_EMPTY, %al
    jz 2b
    movb (%esi), %al
    movw $COM1, %dx
    outb %al, %dx
    incl %esi
    jmp 1b
3:  movw $DEBUG_EXIT, %dx
    xorl %eax, %eax
    outl %eax, %dx
4:  hlt
    jmp 4b

    .section .rodata
message:
    .asciz "floor kernel up\r\n"
