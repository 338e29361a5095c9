#include "power.h"
#include "io.h"

#define DEBUG_EXIT_PORT     0xF4
#define PCI_CONFIG_ADDRESS  0xCF8
#define PCI_CONFIG_DATA     0xCFC
#define PIIX4_PM_DEVFN      ((1 << 3) | 3)      /* 00:01.3, the PIIX4 power-management function */
#define PIIX4_PMBA          0x40                /* power-management I/O base register */
#define PM1A_CNT_OFFSET     4
#define PM1_SLP_EN          (1 << 13)
#define PM1_SLP_TYP_SOFT_OFF 0                  /* QEMU's PIIX4 treats type 0 as soft-off */
#define KBC_COMMAND         0x64
#define KBC_PULSE_RESET     0xFE

static uint32_t pci_read32(unsigned devfn, unsigned reg)
{
    outl(PCI_CONFIG_ADDRESS, 0x80000000u | (devfn << 8) | (reg & 0xFC));
    return inl(PCI_CONFIG_DATA);
}

static void __attribute__((noreturn)) halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

void machine_debug_exit(int code)
{
    outl(DEBUG_EXIT_PORT, (uint32_t)code);
    halt_forever();   /* no debug-exit device: stop here */
}

void machine_poweroff(void)
{
    uint32_t pmba = pci_read32(PIIX4_PM_DEVFN, PIIX4_PMBA) & 0xFFC0;
    if (pmba)
        outw(pmba + PM1A_CNT_OFFSET, PM1_SLP_EN | (PM1_SLP_TYP_SOFT_OFF << 10));
    halt_forever();
}

void machine_reboot(void)
{
    outb(KBC_COMMAND, KBC_PULSE_RESET);
    halt_forever();
}
