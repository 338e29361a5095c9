/* What the boot loader told us, copied out of its structures early. */
#ifndef KRAIT_BOOTINFO_H
#define KRAIT_BOOTINFO_H
#include <stdint.h>

#define BOOTINFO_MAX_REGIONS 64
#define BOOTINFO_CMDLINE_MAX 1024
#define MEMORY_AVAILABLE 1

struct mem_region {
    uint64_t base, length;
    uint32_t type;           /* multiboot/e820 type: 1 = available RAM */
};

struct bootinfo {
    const char *loader;      /* "multiboot" or "multiboot2" */
    char cmdline[BOOTINFO_CMDLINE_MAX];
    struct mem_region regions[BOOTINFO_MAX_REGIONS];
    int region_count;
};

extern struct bootinfo bootinfo;

/* Returns 0 on success, -1 when the magic is not a multiboot one. */
int bootinfo_parse(uint32_t magic, uint64_t info_phys);
/* Value of "key=value" on the command line (copied into buf), or NULL. */
const char *bootinfo_arg(const char *key, char *buf, int size);

#endif
