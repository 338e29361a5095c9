/* Constants shared by the assembly entry and the C side of the bootstrap. */
#ifndef KRAIT_BOOTDEFS_H
#define KRAIT_BOOTDEFS_H

#define MB1_HEADER_MAGIC     0x1BADB002
#define MB1_BOOT_MAGIC       0x2BADB002
#define MB1_FLAG_ALIGN       (1 << 0)
#define MB1_FLAG_MEMINFO     (1 << 1)
#define MB1_FLAGS            (MB1_FLAG_ALIGN | MB1_FLAG_MEMINFO)
#define MB2_HEADER_MAGIC     0xE85250D6
#define MB2_BOOT_MAGIC       0x36D76289

#define PTE_PRESENT          0x001
#define PTE_WRITE            0x002
#define PTE_HUGE             0x080

#define CR0_PE               (1 << 0)
#define CR0_MP               (1 << 1)
#define CR0_EM               (1 << 2)
#define CR0_PG               (1 << 31)
#define CR4_PAE              (1 << 5)
#define CR4_OSFXSR           (1 << 9)
#define CR4_OSXMMEXCPT       (1 << 10)
#define MSR_EFER             0xC0000080
#define EFER_LME             (1 << 8)

#define GDT_KERNEL_CODE      0x08
#define GDT_KERNEL_DATA      0x10

#define BOOT_STACK_SIZE      (1024 * 1024)

#endif
