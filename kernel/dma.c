#include "dma.h"
#include "pmm.h"
#include "runtime/obj.h"

struct dma_buffer {
    uint64_t phys;
    uint64_t pages;
    void *owner;            /* weak: the runtime object standing for the memory */
};

static struct dma_buffer buffers[DMA_MAX_BUFFERS];
static uint64_t used_pages, count;

uint64_t dma_alloc(uint64_t size, uint64_t align)
{
    uint64_t pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    uint64_t align_pages = align > PAGE_SIZE ? align / PAGE_SIZE : 1;
    for (int i = 0; i < DMA_MAX_BUFFERS; i++) {
        if (buffers[i].phys)
            continue;
        uint64_t phys = pmm_alloc(pages, align_pages);
        if (!phys)
            return 0;
        uint8_t *p = (uint8_t *)(uintptr_t)phys;
        for (uint64_t b = 0; b < pages * PAGE_SIZE; b++)
            p[b] = 0;
        buffers[i] = (struct dma_buffer){ phys, pages, NULL };
        used_pages += pages;
        count++;
        return phys;
    }
    return 0;
}

static struct dma_buffer *find(uint64_t phys)
{
    for (int i = 0; i < DMA_MAX_BUFFERS; i++)
        if (phys && buffers[i].phys == phys)
            return &buffers[i];
    return NULL;
}

void dma_set_owner(uint64_t phys, void *owner)
{
    struct dma_buffer *b = find(phys);
    if (b)
        b->owner = owner;
}

static void release(struct dma_buffer *b)
{
    pmm_free(b->phys, b->pages);
    used_pages -= b->pages;
    count--;
    b->phys = 0;
    b->owner = NULL;
}

/* Freed explicitly: its views lose access, and collecting them frees nothing. */
bool dma_free(uint64_t phys)
{
    struct dma_buffer *b = find(phys);
    if (!b)
        return false;
    if (b->owner)
        external_disown(b->owner);
    release(b);
    return true;
}

void dma_collected(void *ptr, size_t len)
{
    (void)len;
    struct dma_buffer *b = find((uint64_t)(uintptr_t)ptr);
    if (b)
        release(b);
}

uint64_t dma_bytes_used(void) { return used_pages * PAGE_SIZE; }
uint64_t dma_buffers(void) { return count; }
