/* Fatal error reports: one clear report on serial, then exit QEMU. */
#ifndef KRAIT_PANIC_H
#define KRAIT_PANIC_H
#include <stdint.h>

struct trapframe;

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void panic_exception(struct trapframe *tf) __attribute__((noreturn));
/* Name of the function containing addr ("?" when unknown) and the offset into it. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);
/* Frames are numbered from first_index. */
void backtrace_print(uint64_t rbp, int first_index);

#endif
