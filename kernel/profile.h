/* Sampling profiler of kernel Python (see profile.c). */
#pragma once
#include "runtime/obj.h"

void profile_tick(void);        /* from the timer tick, interrupts off */
void profile_start(void);
Val profile_stop(void);         /* [(samples, description)] of Python functions */
Val profile_native(void);       /* [(samples, name)] of C functions, from the same run */
