/* Sampling profiler of kernel Python (see profile.c). */
#pragma once
#include "runtime/obj.h"

void profile_start(void);        /* samples on the RTC's periodic interrupt until profile_stop */
int profile_hz(void);           /* samples per second */
Val profile_stop(void);         /* [(samples, description)] of Python functions */
Val profile_native(void);       /* [(samples, name)] of C functions, from the same run */
