/* Physical page allocator over the loader's memory map: contiguous, aligned
 * runs of 4 KiB pages (DMA rings and buffers need both). Identity paging
 * makes a physical address usable as a pointer. */
#ifndef KRAIT_PMM_H
#define KRAIT_PMM_H
#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE ((uint64_t)4096)
#define PMM_LIMIT ((uint64_t)0x100000000)   /* the identity map covers 0-4 GiB */

void pmm_init(void);
/* npages contiguous pages aligned to align_pages (a power of two); 0 when none. */
uint64_t pmm_alloc(size_t npages, size_t align_pages);
void pmm_free(uint64_t addr, size_t npages);
uint64_t pmm_free_pages(void);
uint64_t pmm_usable_bytes(void);     /* RAM the map reports available, below PMM_LIMIT */
uint64_t pmm_installed_bytes(void);  /* end of the highest available region, rounded up to 1 MiB */

#endif
