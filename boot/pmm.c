#include "pmm.h"
#include <stdbool.h>
#include "bootinfo.h"
#include "io.h"

#define PMM_PAGES        (PMM_LIMIT / PAGE_SIZE)
#define LOW_MEMORY_END   0x100000ull          /* BIOS data, EBDA, VGA, ROMs */
#define MIB              (1024ull * 1024)

extern char __kernel_start[], __kernel_end[];

static uint64_t used_bitmap[PMM_PAGES / 64];  /* 1 = used or not RAM */
static uint64_t page_limit;                   /* pages above this are never RAM */
static uint64_t free_pages, usable_bytes, installed_bytes;

static bool page_used(uint64_t p) { return used_bitmap[p / 64] >> (p % 64) & 1; }

static void mark(uint64_t first, uint64_t count, bool used)
{
    for (uint64_t p = first; p < first + count && p < PMM_PAGES; p++) {
        if (page_used(p) == used)
            continue;
        used_bitmap[p / 64] ^= 1ull << (p % 64);
        free_pages += used ? -1 : 1;
    }
}

void pmm_init(void)
{
    for (uint64_t i = 0; i < PMM_PAGES / 64; i++)
        used_bitmap[i] = ~0ull;
    for (int i = 0; i < bootinfo.region_count; i++) {
        const struct mem_region *r = &bootinfo.regions[i];
        if (r->type != MEMORY_AVAILABLE || r->length == 0)
            continue;
        uint64_t end = r->base + r->length;
        if (end > installed_bytes)
            installed_bytes = end;
        if (r->base >= PMM_LIMIT)
            continue;
        if (end > PMM_LIMIT)
            end = PMM_LIMIT;
        usable_bytes += end - r->base;
        uint64_t first = (r->base + PAGE_SIZE - 1) / PAGE_SIZE, last = end / PAGE_SIZE;
        if (last > first)
            mark(first, last - first, false);
        if (last > page_limit)
            page_limit = last;
    }
    installed_bytes = (installed_bytes + MIB - 1) / MIB * MIB;
    mark(0, LOW_MEMORY_END / PAGE_SIZE, true);
    uint64_t kstart = (uint64_t)__kernel_start / PAGE_SIZE;
    uint64_t kend = ((uint64_t)__kernel_end + PAGE_SIZE - 1) / PAGE_SIZE;
    mark(kstart, kend - kstart, true);
}

uint64_t pmm_alloc(size_t npages, size_t align_pages)
{
    if (npages == 0 || align_pages == 0 || (align_pages & (align_pages - 1)))
        return 0;
    uint64_t flags = irq_save();
    uint64_t start = 0, found = 0;
    for (uint64_t p = 0; p + npages <= page_limit;) {
        if (used_bitmap[p / 64] == ~0ull && p % 64 == 0) {   /* skip full words fast */
            p += 64;
            continue;
        }
        if (p % align_pages) {
            p = (p + align_pages) & ~(uint64_t)(align_pages - 1);
            continue;
        }
        uint64_t run = 0;
        while (run < npages && !page_used(p + run))
            run++;
        if (run == npages) {
            start = p;
            found = 1;
            break;
        }
        p += run + 1;
    }
    if (found)
        mark(start, npages, true);
    irq_restore(flags);
    return found ? start * PAGE_SIZE : 0;
}

void pmm_free(uint64_t addr, size_t npages)
{
    uint64_t flags = irq_save();
    mark(addr / PAGE_SIZE, npages, false);
    irq_restore(flags);
}

uint64_t pmm_free_pages(void) { return free_pages; }
uint64_t pmm_usable_bytes(void) { return usable_bytes; }
uint64_t pmm_installed_bytes(void) { return installed_bytes; }
