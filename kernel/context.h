/* Task stacks and the switch between them. */
#ifndef KRAIT_CONTEXT_H
#define KRAIT_CONTEXT_H
#include <stdint.h>

void ctx_switch(uintptr_t *save_sp, uintptr_t next_sp);
/* Lays out a fresh stack so that switching to the returned sp calls entry(arg). */
uintptr_t ctx_prepare(uintptr_t stack_top, void (*entry)(void *), void *arg);

#endif
