#include "dma.h"
#include "pmm.h"

struct dma_buffer {
    uint64_t phys;
    uint64_t pages;
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
        buffers[i] = (struct dma_buffer){ phys, pages };
        used_pages += pages;
        count++;
        return phys;
    }
    return 0;
}

bool dma_free(uint64_t phys)
{
    for (int i = 0; i < DMA_MAX_BUFFERS; i++) {
        if (buffers[i].phys != phys || !phys)
            continue;
        pmm_free(phys, buffers[i].pages);
        used_pages -= buffers[i].pages;
        count--;
        buffers[i].phys = 0;
        return true;
    }
    return false;
}

uint64_t dma_bytes_used(void) { return used_pages * PAGE_SIZE; }
uint64_t dma_buffers(void) { return count; }
