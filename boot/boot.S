/* Entry from a multiboot (v1: QEMU -kernel) or multiboot2 (GRUB) loader.
 * We arrive in 32-bit protected mode, paging off, EAX = loader magic,
 * EBX = physical address of the boot information. We build identity page
 * tables for 0-4 GiB with 2 MiB pages, enter long mode and call kmain. */
#include "bootdefs.h"

    .section .multiboot, "a"
    /* Multiboot v1 header: must sit in the first 8 KiB of the file. */
    .align 4
mb1_header:
    .long MB1_HEADER_MAGIC
    .long MB1_FLAGS
    .long -(MB1_HEADER_MAGIC + MB1_FLAGS)

    /* Multiboot2 header: 8-byte aligned, in the first 32 KiB. */
    .align 8
mb2_header:
    .long MB2_HEADER_MAGIC
    .long 0                                    /* architecture: i386 protected mode */
    .long mb2_header_end - mb2_header
    .long -(MB2_HEADER_MAGIC + (mb2_header_end - mb2_header))
    .align 8
    .short 0, 0                                /* end tag */
    .long 8
mb2_header_end:

    .section .boot.text, "ax"
    .code32
    .globl _start
_start:
    cli
    cld
    movl $boot_stack_top, %esp
    movl %eax, %edi                            /* keep magic and info for kmain */
    movl %ebx, %esi

    /* PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages. */
    movl $boot_pdpt, %eax
    orl $(PTE_PRESENT | PTE_WRITE), %eax
    movl %eax, boot_pml4

    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $12, %eax
    addl $boot_pd, %eax
    orl $(PTE_PRESENT | PTE_WRITE), %eax
    movl %eax, boot_pdpt(, %ecx, 8)
    incl %ecx
    cmpl $4, %ecx
    jne 1b

    xorl %ecx, %ecx                            /* 2048 entries of 2 MiB = 4 GiB */
2:  movl %ecx, %eax
    shll $21, %eax
    orl $(PTE_PRESENT | PTE_WRITE | PTE_HUGE), %eax
    movl %eax, boot_pd(, %ecx, 8)
    movl %ecx, %eax
    shrl $11, %eax                             /* high dword: bits 32+ of the address */
    movl %eax, boot_pd + 4(, %ecx, 8)
    incl %ecx
    cmpl $2048, %ecx
    jne 2b

    movl $boot_pml4, %eax
    movl %eax, %cr3

    /* PAE for long-mode paging; OSFXSR/OSXMMEXCPT so the runtime may use SSE. */
    movl %cr4, %eax
    orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
    movl %eax, %cr4

    movl $MSR_EFER, %ecx
    rdmsr
    orl $EFER_LME, %eax
    wrmsr

    movl %cr0, %eax
    andl $~CR0_EM, %eax
    orl $(CR0_PG | CR0_PE | CR0_MP), %eax
    movl %eax, %cr0

    lgdt gdt_descriptor
    ljmp $GDT_KERNEL_CODE, $long_mode_entry

    .code64
long_mode_entry:
    movw $GDT_KERNEL_DATA, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $boot_stack_top, %rsp
    xorl %ebp, %ebp                            /* terminates frame-pointer backtraces */
    /* edi = magic, esi = info: already the first two SysV arguments. */
    call kmain
3:  cli
    hlt
    jmp 3b

    .section .rodata
    .align 16
gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF                   /* 64-bit code, ring 0 */
    .quad 0x00CF92000000FFFF                   /* data, ring 0 */
gdt_end:
    .globl gdt_descriptor
gdt_descriptor:
    .short gdt_end - gdt - 1
    .quad gdt

    .section .bss
    .align 4096
boot_pml4:  .skip 4096
boot_pdpt:  .skip 4096
boot_pd:    .skip 4096 * 4
    .globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
    .skip BOOT_STACK_SIZE
boot_stack_top:
