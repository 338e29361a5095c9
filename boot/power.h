/* Leaving the machine: ACPI power-off, reset, and QEMU's isa-debug-exit. */
#ifndef KRAIT_POWER_H
#define KRAIT_POWER_H

/* isa-debug-exit (port 0xf4): QEMU exits with status (code << 1) | 1. */
#define EXIT_CODE_PANIC       1     /* QEMU status 3: kernel panic */
#define EXIT_CODE_EXCEPTION   2     /* QEMU status 5: CPU exception */

void machine_poweroff(void) __attribute__((noreturn));   /* QEMU exits with status 0 */
void machine_reboot(void) __attribute__((noreturn));
void machine_debug_exit(int code) __attribute__((noreturn));

#endif
